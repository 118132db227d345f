export * from "./server";
export * from "./ops-servers";
export * from "./openapi";
export * from "./schemas";
