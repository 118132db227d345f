import type { ChildProcess } from "node:child_process";
import type { Admin } from "kafkajs";
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

/**
 * Waits until `group` has committed `total` offsets of `topic` (summed over partitions), printing
 * progress, and measures the rates, and the CPU of the consumer (started at `startedAt`) and of
 * the `others` it depends on.
 */
export async function awaitCommitted(
  admin: Admin,
  group: string,
  topic: string,
  total: number,
  startedAt: number,
  consumer: { name: string; process: ChildProcess },
  others: Record<string, Measured>,
): Promise<CommittedRun> {
  const processes = { [consumer.name]: consumer.process, ...others };
  const committed = async () => {
    try {
      const [res] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return (res?.partitions ?? []).reduce((acc, p) => acc + Math.max(0, Number(p.offset)), 0);
    } catch {
      return 0;
    }
  };
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
    await new Promise((r) => setTimeout(r, 20));
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
