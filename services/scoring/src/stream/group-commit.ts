import type { ConsumedPosition } from "./batch-producer";
import type { OutboundRecord } from "./transport";

/** Commits records and consumed positions in one transaction (the BatchProducer's `commitBatch`). */
export type CommitTransaction = (
  records: readonly OutboundRecord[],
  positions: readonly ConsumedPosition[],
) => Promise<void>;

export interface GroupCommitter {
  /** Resolves once a committed transaction holds `records` and `position`; rejects if it aborted. */
  submit(records: readonly OutboundRecord[], position: ConsumedPosition): Promise<void>;
}

interface Submission {
  records: readonly OutboundRecord[];
  position: ConsumedPosition;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: one transaction in flight; batches submitted meanwhile wait and then share the next
 * transaction, so several partitions' batches pay for one set of transaction round trips and scoring
 * overlaps committing. After a failed transaction every later submission is refused: the producer is
 * replaced, and uncommitted batches are consumed again.
 *
 * Callers submit at most one batch per partition at a time (a partition's next batch is consumed only
 * after its commit resolved), so one transaction never holds two positions of a partition.
 */
export function createGroupCommitter(
  commit: CommitTransaction,
  onTransaction?: (result: "committed" | "aborted") => void,
): GroupCommitter {
  let waiting: Submission[] = [];
  let inFlight = false;
  let failure: Error | undefined;

  async function drain(): Promise<void> {
    inFlight = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      const records = group.length === 1 ? group[0]!.records : group.flatMap((s) => s.records);
      try {
        await commit(
          records,
          group.map((s) => s.position),
        );
        onTransaction?.("committed");
        for (const s of group) s.resolve();
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        onTransaction?.("aborted");
        for (const s of [...group, ...waiting]) s.reject(failure);
        waiting = [];
      }
    }
    inFlight = false;
  }

  return {
    submit(records, position) {
      if (failure !== undefined) {
        return Promise.reject(new Error(`an earlier transaction failed: ${failure.message}`));
      }
      return new Promise<void>((resolve, reject) => {
        waiting.push({ records, position, resolve, reject });
        if (!inFlight) void drain();
      });
    },
  };
}
