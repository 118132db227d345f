import { performance } from "node:perf_hooks";
import { LabelScheduler } from "./label-scheduler";
import { LatencyStats } from "./latency-stats";
import type { MessageSender } from "./message-sender";
import { transactionMessage, type TransactionRecord } from "./messages";
import { sendTimeMs } from "./pacer";

export interface ProduceOptions {
  readonly sender: MessageSender;
  /** Transactions in the order to send them, in chunks of any size. */
  readonly source: AsyncIterable<readonly TransactionRecord[]> | Iterable<readonly TransactionRecord[]>;
  /** Default `transactions`. */
  readonly topic?: string;
  /** Topic for delayed labels; `null` sends none. Default `labels`. */
  readonly labelsTopic?: string | null;
  /** Labels go out this long after their transaction was acknowledged. Default 0. */
  readonly labelDelayMs?: number;
  /** Messages per second, or "max". Default "max". */
  readonly rate?: number | "max";
  /** Messages per send request. Default 2000. */
  readonly batchSize?: number;
  /** Unacknowledged batches at once. Default 8. */
  readonly maxInFlight?: number;
  /** A batch not acknowledged within this time counts as failed. Default 60000. */
  readonly deliveryTimeoutMs?: number;
  readonly reportIntervalMs?: number;
  readonly onReport?: (report: ProduceReport) => void;
}

export interface ProduceReport {
  /** Messages handed to the client. */
  readonly attempted: number;
  /** Messages the broker acknowledged: the only ones counted as sent. */
  readonly acknowledged: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly elapsedMs: number;
  /** Acknowledged messages per second since the start. */
  readonly achievedRate: number;
  readonly ackLatencyP50Ms: number | undefined;
  readonly ackLatencyP99Ms: number | undefined;
  readonly labels: { readonly acknowledged: number; readonly failed: number; readonly pending: number };
  readonly firstError: string | undefined;
  readonly done: boolean;
}

/** True when every attempted transaction and label was acknowledged. */
export function fullyDelivered(report: ProduceReport): boolean {
  return (
    report.failed === 0 &&
    report.acknowledged === report.attempted &&
    report.labels.failed === 0 &&
    report.labels.pending === 0
  );
}

function withTimeout(promise: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not acknowledged within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends transactions (key = customer_id, JSON value per DESIGN 4.4) in batches with several batches in
 * flight, at a target rate or as fast as possible, and their labels after a delay. Stops sending new
 * batches at the first failure. Resolves with the final report; it never throws for delivery errors.
 */
export async function produceTransactions(options: ProduceOptions): Promise<ProduceReport> {
  const topic = options.topic ?? "transactions";
  const batchSize = options.batchSize ?? 2000;
  const maxInFlight = options.maxInFlight ?? 8;
  const rate = options.rate ?? "max";
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 60_000;
  const labelsTopic = options.labelsTopic === undefined ? "labels" : options.labelsTopic;
  const labels =
    labelsTopic === null
      ? undefined
      : new LabelScheduler(options.sender, labelsTopic, options.labelDelayMs ?? 0);
  const latency = new LatencyStats();
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let attempted = 0;
  let acknowledged = 0;
  let failed = 0;
  let firstError: string | undefined;

  const snapshot = (done: boolean): ProduceReport => {
    const elapsedMs = performance.now() - started;
    return {
      attempted,
      acknowledged,
      failed,
      inFlight: attempted - acknowledged - failed,
      elapsedMs,
      achievedRate: elapsedMs > 0 ? (acknowledged / elapsedMs) * 1000 : 0,
      ackLatencyP50Ms: latency.percentile(50),
      ackLatencyP99Ms: latency.percentile(99),
      labels: labels?.counts() ?? { acknowledged: 0, failed: 0, pending: 0 },
      firstError: firstError ?? labels?.firstError,
      done,
    };
  };

  const dispatch = (records: readonly TransactionRecord[]) => {
    attempted += records.length;
    const sentAt = performance.now();
    const delivery = withTimeout(
      options.sender.send(topic, records.map(transactionMessage)),
      deliveryTimeoutMs,
    )
      .then(
        () => {
          acknowledged += records.length;
          latency.add(performance.now() - sentAt, records.length);
          labels?.schedule(records);
        },
        (error: unknown) => {
          failed += records.length;
          firstError ??= error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  };

  const reporter =
    options.onReport === undefined
      ? undefined
      : setInterval(() => options.onReport!(snapshot(false)), options.reportIntervalMs ?? 1000);
  try {
    let pending: TransactionRecord[] = [];
    const flush = async () => {
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const waitMs = sendTimeMs(started, attempted, rate) - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      if (failed > 0) return;
      dispatch(pending);
      pending = [];
    };
    outer: for await (const chunk of options.source) {
      for (const record of chunk) {
        pending.push(record);
        if (pending.length >= batchSize) {
          await flush();
          if (failed > 0) break outer;
        }
      }
    }
    if (pending.length > 0 && failed === 0) await flush();
    await Promise.all(inFlight);
    await labels?.drain();
  } finally {
    if (reporter !== undefined) clearInterval(reporter);
  }
  const report = snapshot(true);
  options.onReport?.(report);
  return report;
}
