export * from "./feature-spec";
export * from "./messages";
export * from "./topics";
export * from "./transaction";
export * from "./score";
export * from "./kafka-access";
export * from "./kafka-connection";
