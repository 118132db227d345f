export * from "./transport";
export * from "./message";
export * from "./stream-worker";
export * from "./batch-producer";
export * from "./kafkajs-batch-producer";
export * from "./wire-batch-producer";
export * from "./kafkajs-transport";
