export * from "./snapshot";
export * from "./snapshot-registry";
