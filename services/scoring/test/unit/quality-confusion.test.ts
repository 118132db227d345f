import fc from "fast-check";
import { type ConfusionCounts, outcomeOf, qualityRatios } from "../../src/quality/confusion";

describe("outcomeOf", () => {
  test.each([
    ["decline", 1, "tp"],
    ["decline", 0, "fp"],
    ["approve", 1, "fn"],
    ["approve", 0, "tn"],
  ] as const)("%s with tx_fraud %d is %s", (decision, fraud, outcome) => {
    expect(outcomeOf(decision, fraud)).toBe(outcome);
  });
});

describe("qualityRatios", () => {
  test.each<[string, ConfusionCounts, ReturnType<typeof qualityRatios>]>([
    [
      "a mixed window",
      { tp: 3, fp: 1, fn: 2, tn: 4 },
      { precision: 0.75, recall: 0.6, f1: 6 / 9, declinedShare: 0.4, labelled: 10 },
    ],
    [
      "no declines: precision undefined, recall and F1 zero",
      { tp: 0, fp: 0, fn: 2, tn: 8 },
      { precision: undefined, recall: 0, f1: 0, declinedShare: 0, labelled: 10 },
    ],
    [
      "no frauds: recall undefined, precision zero",
      { tp: 0, fp: 2, fn: 0, tn: 8 },
      { precision: 0, recall: undefined, f1: 0, declinedShare: 0.2, labelled: 10 },
    ],
    [
      "only true negatives: precision, recall and F1 undefined",
      { tp: 0, fp: 0, fn: 0, tn: 5 },
      { precision: undefined, recall: undefined, f1: undefined, declinedShare: 0, labelled: 5 },
    ],
    [
      "empty",
      { tp: 0, fp: 0, fn: 0, tn: 0 },
      { precision: undefined, recall: undefined, f1: undefined, declinedShare: undefined, labelled: 0 },
    ],
  ])("%s", (_name, counts, expected) => {
    const got = qualityRatios(counts);
    expect({ ...got, f1: got.f1 === undefined ? undefined : Number(got.f1.toFixed(12)) }).toEqual({
      ...expected,
      f1: expected.f1 === undefined ? undefined : Number(expected.f1.toFixed(12)),
    });
  });

  test("F1 is the harmonic mean of precision and recall whenever both are defined and positive", () => {
    const count = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(count, count, count, count, (tp, fp, fn, tn) => {
        const r = qualityRatios({ tp, fp, fn, tn });
        if (r.precision === undefined || r.recall === undefined || r.precision + r.recall === 0) return;
        const harmonic = (2 * r.precision * r.recall) / (r.precision + r.recall);
        expect(r.f1).toBeCloseTo(harmonic, 12);
        expect(r.declinedShare).toBeCloseTo((tp + fp) / (tp + fp + fn + tn), 12);
      }),
    );
  });
});
