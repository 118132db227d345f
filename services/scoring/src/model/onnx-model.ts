import * as ort from "onnxruntime-node";

/**
 * An ONNX binary classifier: float32 [N, F] in, the [N, 2] probabilities output picked by shape
 * (the label output is ignored). Names are discovered from the session, not assumed.
 */
export class OnnxModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly inputName: string,
    readonly probabilitiesName: string,
    readonly featureCount: number,
  ) {}

  static async load(bytes: Uint8Array, featureCount: number): Promise<OnnxModel> {
    const session = await ort.InferenceSession.create(bytes, {
      // Small tree/linear models: one thread avoids contention with the event loop on small nodes.
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
    try {
      if (session.inputNames.length !== 1)
        throw new Error(`expected 1 input, got ${session.inputNames.length}`);
      const inputName = session.inputNames[0]!;
      const meta = session.inputMetadata.find((m) => m.name === inputName);
      if (meta?.isTensor) {
        if (meta.type !== "float32") throw new Error(`input ${inputName} is ${meta.type}, expected float32`);
        const width = meta.shape[1];
        if (meta.shape.length !== 2 || (typeof width === "number" && width !== featureCount)) {
          throw new Error(
            `input ${inputName} has shape [${meta.shape.join(", ")}], expected [N, ${featureCount}]`,
          );
        }
      }
      const floats = session.outputMetadata.filter((m) => m.isTensor && m.type === "float32");
      const explicit = floats.filter((m) => m.isTensor && m.shape.length === 2 && m.shape[1] === 2);
      // Some exporters leave output shapes undeclared; then the single float32 output is the one,
      // and its [N, 2] shape is checked on every run (and by the probe batch at load).
      const probabilities = explicit.length > 0 ? explicit : floats;
      if (probabilities.length !== 1) {
        throw new Error(
          `expected exactly one float32 [N, 2] output, outputs are ${session.outputMetadata
            .map((m) => (m.isTensor ? `${m.name}:${m.type}[${m.shape.join(",")}]` : `${m.name}:non-tensor`))
            .join(" ")}`,
        );
      }
      return new OnnxModel(session, inputName, probabilities[0]!.name, featureCount);
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  /** Probability of class 1 for each of the `rows` rows of `features` (row-major, F columns). */
  async predict(features: Float32Array, rows: number): Promise<Float32Array> {
    if (features.length !== rows * this.featureCount) {
      throw new Error(`feature buffer has ${features.length} values, expected ${rows}x${this.featureCount}`);
    }
    const input = new ort.Tensor("float32", features, [rows, this.featureCount]);
    const out = await this.session.run({ [this.inputName]: input }, [this.probabilitiesName]);
    const probs = out[this.probabilitiesName];
    if (!probs || probs.dims.length !== 2 || probs.dims[0] !== rows || probs.dims[1] !== 2) {
      throw new Error(`probabilities output has dims [${probs?.dims.join(", ")}], expected [${rows}, 2]`);
    }
    const data = probs.data as Float32Array;
    const scores = new Float32Array(rows);
    for (let i = 0; i < rows; i++) scores[i] = data[2 * i + 1]!;
    return scores;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
