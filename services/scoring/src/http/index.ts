export * from "./server";
export * from "./openapi";
export * from "./schemas";
