/**
 * Jest runs tests in a separate V8 context whose typed-array constructors differ from the main
 * context's; onnxruntime-node's native binding then rejects tensors built in tests ("data must be
 * type of Float32Array"). Sharing the main context's constructors fixes it.
 */
const { TestEnvironment } = require("jest-environment-node");

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      "ArrayBuffer",
      "Uint8Array",
      "Int8Array",
      "Uint16Array",
      "Int16Array",
      "Uint32Array",
      "Int32Array",
      "Float32Array",
      "Float64Array",
      "BigInt64Array",
      "BigUint64Array",
    ]) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = OnnxEnvironment;
