import type { Transaction } from "../../src/features/transaction";
import { createMicroBatcher } from "../../src/scoring/micro-batcher";
import type { Scorer, ScoreResult } from "../../src/scoring/scorer";

const tx = (id: number): Transaction => ({
  transactionId: id,
  txDatetime: "2018-04-01 00:00:00",
  timeSeconds: 1_522_540_800,
  customerId: id,
  terminalId: 1,
  amount: 1,
});

/** A scorer whose calls finish only when the test says so; records the ids of every call. */
function controlledScorer() {
  const calls: { ids: (string | number)[]; finish(): void; fail(err: Error): void }[] = [];
  const scorer: Scorer = {
    score: (txs) =>
      new Promise<ScoreResult[]>((resolve, reject) => {
        calls.push({
          ids: txs.map((t) => t.transactionId),
          finish: () => resolve(txs.map((t) => ({ transaction_id: t.transactionId }) as ScoreResult)),
          fail: reject,
        });
      }),
  };
  return { scorer, calls };
}

const turn = () => new Promise((r) => setImmediate(r));

describe("micro-batcher", () => {
  test("a lone request is scored on the next turn, alone", async () => {
    const { scorer, calls } = controlledScorer();
    const batcher = createMicroBatcher(scorer, { maxBatch: 10 });
    const result = batcher.score(tx(1));
    expect(calls).toHaveLength(0);
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([[1]]);
    calls[0]!.finish();
    expect((await result).transaction_id).toBe(1);
  });

  test("requests arriving while a call runs wait and go together, split at maxBatch", async () => {
    const { scorer, calls } = controlledScorer();
    const batcher = createMicroBatcher(scorer, { maxBatch: 3 });
    const results = [batcher.score(tx(1))];
    await turn();
    for (let id = 2; id <= 6; id++) results.push(batcher.score(tx(id)));
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([[1]]); // one call at a time by default
    calls[0]!.finish();
    await turn();
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.finish();
    await turn();
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([[1], [2, 3, 4], [5, 6]]);
    calls[2]!.finish();
    expect((await Promise.all(results)).map((r) => r.transaction_id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("maxInFlight calls run at once; a failure rejects only its own batch", async () => {
    const { scorer, calls } = controlledScorer();
    const batcher = createMicroBatcher(scorer, { maxBatch: 2, maxInFlight: 2 });
    const results = [1, 2, 3, 4, 5].map((id) =>
      batcher.score(tx(id)).then(
        (r) => r.transaction_id,
        (e: Error) => e.message,
      ),
    );
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    calls[0]!.fail(new Error("redis down"));
    calls[1]!.finish();
    await turn();
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([[1, 2], [3, 4], [5]]);
    calls[2]!.finish();
    expect(await Promise.all(results)).toEqual(["redis down", "redis down", 3, 4, 5]);
  });
});
