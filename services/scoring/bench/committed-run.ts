import type { ChildProcess } from "node:child_process";
import { cpuOf, cpuPerItem, type Measured } from "./process-cpu";
import { fmt } from "./report";

export interface CommittedRun {
  /** Transactions per second from the process's start to the last commit (start-up included). */
  endToEnd: number;
  /** Transactions per second between the commits that passed a quarter and three quarters of the total. */
  steady: number;
  /** CPU per transaction of each measured process over the same span. */
  cpu: string;
}

/** Offsets a group committed on a topic, summed over partitions (0 while none). */
export type CommittedOffsets = () => Promise<number>;

/** Polls between progress checks; each poll is one OffsetFetch on an open admin connection. */
export const POLL_INTERVAL_MS = 100;

/**
 * Waits until the group has committed `total` offsets (summed over partitions), printing progress,
 * and measures the rates, and the CPU of the consumer (started at `startedAt`) and of the `others`
 * it depends on.
 */
export async function awaitCommitted(
  committed: CommittedOffsets,
  group: string,
  total: number,
  startedAt: number,
  consumer: { name: string; process: ChildProcess },
  others: Record<string, Measured>,
): Promise<CommittedRun> {
  const processes = { [consumer.name]: consumer.process, ...others };
  // Marks taken at commits, where as much work is in flight at one mark as at the other: from the
  // first commit on, work scored before it would count as done in no time (batches are large).
  const marks: { committed: number; at: number; cpu: Record<string, number | undefined> }[] = [];
  const bounds = [total / 4, (3 * total) / 4];
  let shownAt = 0;
  for (;;) {
    if (consumer.process.exitCode !== null) throw new Error(`${group}: ${consumer.name} exited`);
    const n = await committed();
    while (marks.length < bounds.length && n >= bounds[marks.length]!) {
      marks.push({ committed: n, at: performance.now(), cpu: cpuOf(processes) });
    }
    if (performance.now() - shownAt > 2000 || n >= total) {
      shownAt = performance.now();
      console.log(`  ${group} committed ${fmt(n)}/${fmt(total)}`);
    }
    if (n >= total) break;
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  const end = performance.now();
  const [from, to] = marks as [(typeof marks)[number], (typeof marks)[number]];
  // Both marks on one commit (too few transactions for the batch size): no span to measure.
  const span = to.committed - from.committed;
  return {
    endToEnd: total / ((end - startedAt) / 1000),
    steady: span > 0 ? span / ((to.at - from.at) / 1000) : NaN,
    cpu: span > 0 ? cpuPerItem(from.cpu, to.cpu, span) : "n/a (raise the transaction count)",
  };
}
