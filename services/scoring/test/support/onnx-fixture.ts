import { ProtoWriter } from "./protobuf-writer";

const FLOAT = 1;
const INT64 = 7;

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: { name: string; int?: number; ints?: number[] }[];
}

/**
 * Builds a logistic-regression ONNX model with the bundle contract's shape: input float32 [N, F],
 * outputs `label` int64 [N] and `probabilities` float32 [N, 2], p1 = sigmoid(x . w + b).
 * Test fixture and demo stand-in only; the real model comes from services/training.
 */
export function buildLogisticOnnx(
  weights: readonly number[],
  bias: number,
  opts: { inputName?: string } = {},
): Buffer {
  const f = weights.length;
  const input = opts.inputName ?? "features";
  const nodes: Node[] = [
    { op: "MatMul", inputs: [input, "W"], outputs: ["z0"] },
    { op: "Add", inputs: ["z0", "B"], outputs: ["z"] },
    { op: "Sigmoid", inputs: ["z"], outputs: ["p1"] },
    { op: "Sub", inputs: ["one", "p1"], outputs: ["p0"] },
    { op: "Concat", inputs: ["p0", "p1"], outputs: ["probabilities"], attrs: [{ name: "axis", int: 1 }] },
    { op: "Greater", inputs: ["p1", "half"], outputs: ["g"] },
    { op: "Cast", inputs: ["g"], outputs: ["g64"], attrs: [{ name: "to", int: INT64 }] },
    { op: "Squeeze", inputs: ["g64", "axes"], outputs: ["label"] },
  ];
  const floatTensor = (name: string, dims: number[], values: number[]) => (w: ProtoWriter) => {
    dims.forEach((d) => w.int(1, d));
    w.int(2, FLOAT).packedFloats(4, values).string(8, name);
  };
  const valueInfo = (name: string, elemType: number, dims: (number | string)[]) => (w: ProtoWriter) => {
    w.string(1, name).message(2, (t) =>
      t.message(1, (tt) =>
        tt
          .int(1, elemType)
          .message(2, (shape) =>
            dims.forEach((d) =>
              shape.message(1, (dim) => (typeof d === "number" ? dim.int(1, d) : dim.string(2, d))),
            ),
          ),
      ),
    );
  };
  return new ProtoWriter()
    .int(1, 8)
    .string(2, "antifraud-scoring-fixture")
    .message(8, (o) => o.string(1, "").int(2, 13))
    .message(7, (g) => {
      nodes.forEach((n, i) =>
        g.message(1, (w) => {
          n.inputs.forEach((x) => w.string(1, x));
          n.outputs.forEach((x) => w.string(2, x));
          w.string(3, `n${i}`).string(4, n.op);
          (n.attrs ?? []).forEach((a) =>
            w.message(5, (aw) =>
              aw
                .string(1, a.name)
                .int(3, a.int ?? 0)
                .int(20, 2),
            ),
          );
        }),
      );
      g.string(2, "logistic");
      g.message(5, floatTensor("W", [f, 1], [...weights]));
      g.message(5, floatTensor("B", [1], [bias]));
      g.message(5, floatTensor("one", [1], [1]));
      g.message(5, floatTensor("half", [1], [0.5]));
      g.message(5, (w) => w.int(1, 1).int(2, INT64).int(7, 1).string(8, "axes"));
      g.message(11, valueInfo(input, FLOAT, ["N", f]));
      g.message(12, valueInfo("label", INT64, ["N"]));
      g.message(12, valueInfo("probabilities", FLOAT, ["N", 2]));
    })
    .finish();
}

/** The same model evaluated in float64 JS, for checking the ONNX session's arithmetic. */
export function logisticScore(weights: readonly number[], bias: number, row: readonly number[]): number {
  const z = row.reduce((acc, x, i) => acc + x * weights[i]!, bias);
  return 1 / (1 + Math.exp(-z));
}
