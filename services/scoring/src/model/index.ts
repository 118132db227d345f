export * from "./manifest";
export * from "./onnx-model";
export * from "./bundle";
export * from "./model-registry";
export * from "./feature-references";
