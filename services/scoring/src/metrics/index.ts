export * from "./names";
export * from "./metrics";
