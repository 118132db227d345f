import type { OutboundRecord } from "./transport";

/** The next offset to consume of one input partition, committed with a transaction's output. */
export interface ConsumedPosition {
  topic: string;
  partition: number;
  nextOffset: number;
}

/** Commits records and consumed positions in one transaction, or throws after aborting it. */
export type CommitTransaction = (
  records: readonly OutboundRecord[],
  positions: readonly ConsumedPosition[],
) => Promise<void>;

export interface GroupCommitter {
  /** Resolves once a committed transaction holds `records` and `positions`; rejects if it aborted. */
  submit(records: readonly OutboundRecord[], positions: readonly ConsumedPosition[]): Promise<void>;
  /** Resolves when nothing is waiting or committing (after a failure too). */
  idle(): Promise<void>;
  /**
   * Refuses waiting and later submissions with `reason`; the transaction in flight runs to its end.
   * Resolves when it has (at once when none is in flight).
   */
  halt(reason: Error): Promise<void>;
  /** Submissions not yet resolved (waiting or in the transaction in flight). */
  readonly pending: number;
}

interface Submission {
  records: readonly OutboundRecord[];
  positions: readonly ConsumedPosition[];
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The last position of every partition, in first-seen order (later batches of a partition win). */
export function latestPositions(positions: readonly ConsumedPosition[]): ConsumedPosition[] {
  const byPartition = new Map<string, ConsumedPosition>();
  for (const p of positions) {
    const key = `${p.topic}\u0000${p.partition}`;
    const seen = byPartition.get(key);
    if (seen === undefined || p.nextOffset > seen.nextOffset) byPartition.set(key, p);
  }
  return [...byPartition.values()];
}

/**
 * Group commit: one transaction in flight; batches submitted meanwhile wait and then share the next
 * transaction (in submission order, so a partition's later batch never commits before its earlier
 * one), so several batches pay for one set of transaction round trips and scoring overlaps
 * committing. After a failed transaction every later submission is refused: the session ends and
 * the uncommitted batches are consumed again.
 */
export function createGroupCommitter(
  commit: CommitTransaction,
  onTransaction?: (result: "committed" | "aborted") => void,
): GroupCommitter {
  let waiting: Submission[] = [];
  let inFlight = 0;
  let failure: Error | undefined;
  let halted: Error | undefined;
  let idleWaiters: (() => void)[] = [];

  const idle = () =>
    waiting.length === 0 && inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => idleWaiters.push(resolve));

  const notifyIdle = () => {
    if (waiting.length > 0 || inFlight > 0) return;
    const resolve = idleWaiters;
    idleWaiters = [];
    for (const r of resolve) r();
  };

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      inFlight = group.length;
      const records = group.length === 1 ? group[0]!.records : group.flatMap((s) => s.records);
      try {
        await commit(records, latestPositions(group.flatMap((s) => s.positions)));
        onTransaction?.("committed");
        for (const s of group) s.resolve();
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        onTransaction?.("aborted");
        for (const s of [...group, ...waiting]) s.reject(failure);
        waiting = [];
      }
      inFlight = 0;
    }
    notifyIdle();
  }

  return {
    submit(records, positions) {
      if (halted !== undefined) return Promise.reject(halted);
      if (failure !== undefined) {
        return Promise.reject(new Error(`an earlier transaction failed: ${failure.message}`));
      }
      return new Promise<void>((resolve, reject) => {
        waiting.push({ records, positions, resolve, reject });
        if (inFlight === 0 && waiting.length === 1) void drain();
      });
    },
    idle,
    halt(reason) {
      halted ??= reason;
      const refused = waiting;
      waiting = [];
      for (const s of refused) s.reject(reason);
      notifyIdle();
      return idle();
    },
    get pending() {
      return waiting.length + inFlight;
    },
  };
}
