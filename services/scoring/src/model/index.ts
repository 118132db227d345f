export * from "./artifact-store";
export * from "./manifest";
export * from "./onnx-model";
export * from "./bundle";
export * from "./hot-reloader";
export * from "./model-registry";
