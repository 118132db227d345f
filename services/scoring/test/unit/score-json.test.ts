import fc from "fast-check";
import { scoreResultsJson } from "../../src/scoring/score-json";
import type { ScoreResult } from "../../src/scoring/scorer";

const text = fc.string({ unit: "binary", maxLength: 12 });
const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, NaN, Infinity, 1e21, 5e-7));

const result = fc
  .record({
    transaction_id: fc.oneof(fc.nat(), text),
    customer_id: anyNumber,
    terminal_id: anyNumber,
    tx_datetime: text,
    score: anyNumber,
    decision: fc.constantFrom("approve" as const, "decline" as const),
    threshold: fc.constantFrom(0.5, 0.1 + 0.2, NaN, -0),
    model_version: fc.constantFrom("v1", 'q"uote\\', "\u2028"),
    scored_at: fc.constantFrom("2026-11-26T00:00:00.000Z", "\u0000"),
  })
  .map((r): ScoreResult => ({
    transaction_id: r.transaction_id,
    customer_id: r.customer_id,
    terminal_id: r.terminal_id,
    tx_datetime: r.tx_datetime,
    score: r.score,
    decision: r.decision,
    threshold: r.threshold,
    model_version: r.model_version,
    scored_at: r.scored_at,
  }));

test("each value is JSON.stringify of its result, byte for byte, whatever the batch mixes", () => {
  fc.assert(
    fc.property(fc.array(result, { maxLength: 8 }), (results) => {
      expect(scoreResultsJson(results)).toEqual(results.map((r) => JSON.stringify(r)));
    }),
    { numRuns: 2000 },
  );
});

test("an empty batch gives no values", () => {
  expect(scoreResultsJson([])).toEqual([]);
});
