import { createGroupCommitter, latestPositions, type ConsumedPosition } from "../../src/stream/group-commit";
import type { OutboundRecord } from "../../src/stream/transport";

const position = (partition: number, nextOffset: number): ConsumedPosition => ({
  topic: "transactions",
  partition,
  nextOffset,
});
const record = (value: string): OutboundRecord => ({ topic: "scores", key: null, value });

/** A commit function whose transactions finish when the test says so. */
function controlledCommit() {
  const calls: { records: string[]; positions: ConsumedPosition[]; finish: (error?: Error) => void }[] = [];
  const commit = (records: readonly OutboundRecord[], positions: readonly ConsumedPosition[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({
        records: records.map((r) => String(r.value)),
        positions: [...positions],
        finish: (error) => (error ? reject(error) : resolve()),
      });
    });
  return { calls, commit };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test("the first batch commits at once; batches arriving meanwhile share the next transaction", async () => {
  const { calls, commit } = controlledCommit();
  const transactions: string[] = [];
  const committer = createGroupCommitter(commit, (result) => transactions.push(result));
  const done: string[] = [];
  const a = committer.submit([record("a1"), record("a2")], [position(0, 2)]).then(() => done.push("a"));
  await settle();
  expect(calls.map((c) => c.records)).toEqual([["a1", "a2"]]);
  expect(committer.pending).toBe(1);

  const b = committer.submit([record("b1")], [position(1, 7), position(0, 5)]).then(() => done.push("b"));
  const c = committer.submit([], [position(2, 4), position(0, 9)]).then(() => done.push("c"));
  await settle();
  expect(calls).toHaveLength(1);
  expect(done).toEqual([]);
  expect(committer.pending).toBe(3);

  calls[0]!.finish();
  await a;
  await settle();
  expect(done).toEqual(["a"]);
  expect(calls).toHaveLength(2);
  expect(calls[1]!.records).toEqual(["b1"]);
  // One position per partition: the later batch of partition 0 wins.
  expect(calls[1]!.positions).toEqual([position(1, 7), position(0, 9), position(2, 4)]);

  const idle = committer.idle();
  calls[1]!.finish();
  await Promise.all([b, c, idle]);
  expect(done).toEqual(["a", "b", "c"]);
  expect(transactions).toEqual(["committed", "committed"]);
  expect(committer.pending).toBe(0);
});

test("a failed transaction rejects its batches and those waiting; nothing is committed after it", async () => {
  const { calls, commit } = controlledCommit();
  const transactions: string[] = [];
  const committer = createGroupCommitter(commit, (result) => transactions.push(result));
  const a = committer.submit([record("a")], [position(0, 1)]);
  await settle();
  const b = committer.submit([record("b")], [position(1, 1)]);
  const idle = committer.idle();
  calls[0]!.finish(new Error("PRODUCER_FENCED"));
  await expect(a).rejects.toThrow("PRODUCER_FENCED");
  await expect(b).rejects.toThrow("PRODUCER_FENCED");
  await idle;
  await expect(committer.submit([record("c")], [position(2, 1)])).rejects.toThrow(
    "an earlier transaction failed: PRODUCER_FENCED",
  );
  expect(calls).toHaveLength(1);
  expect(transactions).toEqual(["aborted"]);
});

test("halt refuses waiting and later batches and resolves only once the transaction in flight has ended", async () => {
  const { calls, commit } = controlledCommit();
  const committer = createGroupCommitter(commit);
  const a = committer.submit([record("a")], [position(0, 1)]);
  await settle();
  const b = committer.submit([record("b")], [position(1, 1)]);
  let halted = false;
  const halt = committer.halt(new Error("the session is closing")).then(() => (halted = true));
  await expect(b).rejects.toThrow("the session is closing");
  await expect(committer.submit([record("c")], [position(2, 1)])).rejects.toThrow("the session is closing");
  await settle();
  expect(halted).toBe(false);
  expect(committer.pending).toBe(1);

  calls[0]!.finish();
  await a;
  await halt;
  expect(calls.map((c) => c.records)).toEqual([["a"]]);
  expect(committer.pending).toBe(0);
  await expect(createGroupCommitter(commit).halt(new Error("idle"))).resolves.toBeUndefined();
});

test("latestPositions keeps the highest next offset per partition in first-seen order", () => {
  expect(
    latestPositions([
      position(1, 5),
      position(0, 3),
      position(1, 9),
      position(0, 2),
      { ...position(1, 1), topic: "x" },
    ]),
  ).toEqual([position(1, 9), position(0, 3), { ...position(1, 1), topic: "x" }]);
});
