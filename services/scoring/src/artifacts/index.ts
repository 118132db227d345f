export * from "./artifact-store";
export * from "./hot-reloader";
