import type { ChildProcess } from "node:child_process";
import type { Admin } from "kafkajs";
import { cpuOf, cpuPerItem, type Measured } from "./process-cpu";
import { fmt } from "./report";

export interface CommittedRun {
  /** Transactions per second from the process's start to the last commit (start-up included). */
  endToEnd: number;
  /** Transactions per second from the first commit to the last. */
  steady: number;
  /** CPU per transaction of each measured process between the first commit and the last. */
  cpu: string;
}

/**
 * Waits until `group` has committed `total` offsets of `topic` (summed over partitions), printing
 * progress, and measures the rates and CPU of `processes` (whose `consumer` entry was just started).
 */
export async function awaitCommitted(
  admin: Admin,
  group: string,
  topic: string,
  total: number,
  startedAt: number,
  processes: Record<string, Measured> & { consumer: ChildProcess },
): Promise<CommittedRun> {
  const committed = async () => {
    try {
      const [res] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return (res?.partitions ?? []).reduce((acc, p) => acc + Math.max(0, Number(p.offset)), 0);
    } catch {
      return 0;
    }
  };
  let first = 0;
  let firstAt = 0;
  let cpuAtFirst: Record<string, number | undefined> = {};
  let shownAt = 0;
  for (;;) {
    if (processes.consumer.exitCode !== null) throw new Error(`${group}: the consumer process exited`);
    const n = await committed();
    if (n > 0 && firstAt === 0) {
      first = n;
      firstAt = performance.now();
      cpuAtFirst = cpuOf(processes);
    }
    if (performance.now() - shownAt > 2000 || n >= total) {
      shownAt = performance.now();
      console.log(`  ${group} committed ${fmt(n)}/${fmt(total)}`);
    }
    if (n >= total) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = performance.now();
  return {
    endToEnd: total / ((end - startedAt) / 1000),
    steady: (total - first) / ((end - firstAt) / 1000),
    cpu: cpuPerItem(cpuAtFirst, cpuOf(processes), total - first),
  };
}
