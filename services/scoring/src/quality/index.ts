export * from "./confusion";
export * from "./sliding-window";
export * from "./label-join";
export * from "./quality-windows";
export * from "./quality-records";
export * from "./quality-source";
export * from "./kafka-quality-source";
export * from "./quality-consumer";
