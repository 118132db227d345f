export * from "./decision";
export * from "./scorer";
export * from "./feature-rows";
export * from "./micro-batcher";
