export * from "./transport";
export * from "./message";
export * from "./stream-worker";
export * from "./kafkajs-transport";
