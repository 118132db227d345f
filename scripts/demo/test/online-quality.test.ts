import { onlineQuality, type ScoredTransaction } from "../src/online-quality";

const s = (transactionId: number, decision: "decline" | "approve", score = 0.5): ScoredTransaction => ({
  transactionId,
  decision,
  score,
});

describe("onlineQuality", () => {
  it("computes the confusion matrix, F1 and both decline shares", () => {
    const scores = [s(1, "decline"), s(2, "decline"), s(3, "approve"), s(4, "approve"), s(5, "approve")];
    const labels = new Map<number, 0 | 1>([
      [1, 1],
      [2, 0],
      [3, 1],
      [4, 0],
      [5, 0],
    ]);
    const q = onlineQuality(scores, labels);
    expect(q).toEqual({
      scored: 5,
      labelled: 5,
      frauds: 2,
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 2,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      declinedShare: 0.4,
      legitimateDeclinedShare: 1 / 3,
    });
  });

  it("leaves unlabelled scores out of the confusion matrix but not out of the declined share", () => {
    const q = onlineQuality([s(1, "decline"), s(2, "approve")], new Map<number, 0 | 1>([[2, 0]]));
    expect(q.labelled).toBe(1);
    expect(q.falsePositives).toBe(0);
    expect(q.trueNegatives).toBe(1);
    expect(q.declinedShare).toBe(0.5);
    expect(q.precision).toBeNaN();
    expect(q.f1).toBe(0);
  });

  it("reports zero shares for an empty run", () => {
    const q = onlineQuality([], new Map());
    expect(q.scored).toBe(0);
    expect(q.declinedShare).toBe(0);
    expect(q.legitimateDeclinedShare).toBe(0);
  });
});
