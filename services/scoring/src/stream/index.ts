export * from "./transport";
export * from "./message";
export * from "./stream-worker";
export * from "./dlq-record";
export * from "./group-commit";
export * from "./kafka-transport";
export type { StreamClientSettings } from "./rdkafka-clients";
