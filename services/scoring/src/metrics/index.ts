export * from "./names";
export * from "./metrics";
export * from "./quality-metrics";
