import fc from "fast-check";
import { emptyCounts, type Outcome, OUTCOMES } from "../../src/quality/confusion";
import { QualityWindows } from "../../src/quality/quality-windows";
import { SlidingConfusionWindow } from "../../src/quality/sliding-window";

describe("SlidingConfusionWindow", () => {
  test("keeps the last N transactions", () => {
    const w = new SlidingConfusionWindow({ maxTransactions: 3, maxAgeMs: 1e9 });
    for (const o of ["tp", "fp", "fn", "tn", "tp"] as const) w.add(o, 0);
    expect(w.snapshot()).toEqual({ tp: 1, fp: 0, fn: 1, tn: 1 });
    expect(w.size).toBe(3);
  });

  test("drops what was joined more than maxAgeMs ago, the boundary included", () => {
    const w = new SlidingConfusionWindow({ maxTransactions: 100, maxAgeMs: 1000 });
    w.add("tp", 0);
    w.add("fp", 500);
    w.add("fn", 1500);
    w.expire(1499);
    expect(w.snapshot()).toEqual({ tp: 0, fp: 1, fn: 1, tn: 0 });
    w.expire(1500);
    expect(w.snapshot()).toEqual({ tp: 0, fp: 0, fn: 1, tn: 0 });
    w.expire(2500);
    expect(w.size).toBe(0);
  });

  test("equals a recount of the entries within both bounds (property, past the compaction point)", () => {
    const entry = fc.record({ outcome: fc.constantFrom(...OUTCOMES), gap: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 5000 }),
        (entries, maxTransactions, maxAgeMs) => {
          const w = new SlidingConfusionWindow({ maxTransactions, maxAgeMs });
          const all: { outcome: Outcome; at: number }[] = [];
          let at = 0;
          for (const { outcome, gap } of entries) {
            at += gap;
            w.add(outcome, at);
            all.push({ outcome, at });
          }
          w.expire(at);
          const expected = emptyCounts();
          for (const e of all.slice(-maxTransactions)) if (e.at > at - maxAgeMs) expected[e.outcome]++;
          expect(w.snapshot()).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("QualityWindows", () => {
  test("keeps one window per model version and forgets a version once its window empties", () => {
    const q = new QualityWindows({ maxTransactions: 10, maxAgeMs: 1000 });
    q.add("v1", "decline", 1, 0);
    q.add("v1", "approve", 0, 0);
    q.add("v2", "decline", 0, 600);
    expect(q.snapshot(900).map((v) => [v.modelVersion, v.counts, v.ratios.precision])).toEqual([
      ["v1", { tp: 1, fp: 0, fn: 0, tn: 1 }, 1],
      ["v2", { tp: 0, fp: 1, fn: 0, tn: 0 }, 0],
    ]);
    expect(q.snapshot(1000).map((v) => v.modelVersion)).toEqual(["v2"]);
  });
});
