export * from "./spec";
export * from "./time";
export * from "./transaction";
export * from "./compute";
