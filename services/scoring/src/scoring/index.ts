export * from "./decision";
export * from "./scorer";
export * from "./micro-batcher";
