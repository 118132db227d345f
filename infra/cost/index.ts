export * from "./inputs";
export * from "./presets";
export * from "./prices";
export * from "./estimate";
export * from "./hdfs";
export * from "./format";
