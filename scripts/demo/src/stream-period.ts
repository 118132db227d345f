import type { LabelMessage, ScoreMessage } from "@antifraud/contracts";
import { TOPICS } from "@antifraud/contracts";
import { localConnection, type LocalBroker } from "@antifraud/local";
import { METRIC } from "@antifraud/scoring";
import {
  createKafkaSender,
  produceTransactions,
  rawFileSource,
  type ProduceReport,
} from "@antifraud/simulator";
import { readTopic } from "./read-topic";
import { scrape, sumMetric } from "./metrics-scrape";

export interface StreamSample {
  /** Seconds since the first transaction was sent. */
  readonly t: number;
  readonly scored: number;
  readonly declined: number;
}

export interface StreamRun {
  readonly produce: ProduceReport;
  /** Sent -> every message scored or dead-lettered by the stream worker, seconds. */
  readonly endToEndSeconds: number;
  readonly scoredPerSecond: number;
  readonly dlq: number;
  readonly scores: Map<ScoreMessage["transaction_id"], ScoreMessage>;
  readonly duplicateScores: number;
  readonly labels: Map<LabelMessage["transaction_id"], 0 | 1>;
  readonly samples: readonly StreamSample[];
}

async function streamCounts(metricsUrl: string): Promise<{ scored: number; declined: number; dlq: number }> {
  const text = await scrape(`${metricsUrl}/metrics`);
  return {
    scored: sumMetric(text, METRIC.scoredTransactions, { path: "stream" }),
    declined: sumMetric(text, METRIC.scoredTransactions, { path: "stream", decision: "decline" }),
    dlq: sumMetric(text, METRIC.dlqMessages),
  };
}

/**
 * Replays the streamed days into `transactions` as fast as the broker takes them (labels follow on
 * `labels` after the delay), waits until the stream worker has scored or dead-lettered every message,
 * then reads `scores` and `labels` back with read_committed isolation.
 */
export async function streamPeriod(options: {
  broker: LocalBroker;
  rawDir: string;
  from: string;
  to: string;
  labelDelayMs: number;
  streamMetricsUrl: string;
  timeoutMs: number;
  say: (line: string) => void;
}): Promise<StreamRun> {
  // Each side with its own role, as deployed: ingest writes transactions and labels, analytics reads.
  const sender = await createKafkaSender({
    connection: localConnection(options.broker, "ingest"),
    clientId: "antifraud-demo-producer",
  });
  const reader = localConnection(options.broker, "analytics");
  const samples: StreamSample[] = [];
  const started = Date.now();
  const before = await streamCounts(options.streamMetricsUrl);
  const sampler = setInterval(() => {
    void streamCounts(options.streamMetricsUrl)
      .then((c) =>
        samples.push({
          t: (Date.now() - started) / 1000,
          scored: c.scored - before.scored,
          declined: c.declined - before.declined,
        }),
      )
      .catch((error: Error) => options.say(`progress sample missed: ${error.message}`));
  }, 1000);
  try {
    const produce = await produceTransactions({
      sender,
      source: rawFileSource(options.rawDir, { from: options.from, to: options.to }),
      topic: TOPICS.transactions,
      labelsTopic: TOPICS.labels,
      labelDelayMs: options.labelDelayMs,
      reportIntervalMs: 2000,
      onReport: (r) =>
        options.say(
          `produced ${r.acknowledged.toLocaleString()} acknowledged, ${Math.round(r.achievedRate).toLocaleString()} msg/s`,
        ),
    });
    if (produce.failed > 0 || produce.acknowledged !== produce.attempted) {
      throw new Error(`producer could not deliver every message: ${produce.firstError ?? "unknown error"}`);
    }
    const expected = produce.acknowledged;
    let counts = await streamCounts(options.streamMetricsUrl);
    const deadline = Date.now() + options.timeoutMs;
    while (counts.scored - before.scored + counts.dlq - before.dlq < expected) {
      if (Date.now() > deadline) {
        throw new Error(
          `stream worker handled ${counts.scored - before.scored + counts.dlq - before.dlq} of ${expected} within ${options.timeoutMs} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
      counts = await streamCounts(options.streamMetricsUrl);
    }
    const endToEndSeconds = (Date.now() - started) / 1000;
    const scoredCount = counts.scored - before.scored;
    options.say(
      `stream worker scored ${scoredCount.toLocaleString()} and dead-lettered ${counts.dlq - before.dlq} in ${endToEndSeconds.toFixed(1)} s`,
    );
    const scores = await readTopic<ScoreMessage>({
      connection: reader,
      topic: TOPICS.scores,
      expected: scoredCount,
      timeoutMs: 60_000,
      keyOf: (v) => (v as ScoreMessage).transaction_id,
    });
    const labels = await readTopic<LabelMessage>({
      connection: reader,
      topic: TOPICS.labels,
      expected,
      timeoutMs: options.labelDelayMs + 60_000,
      keyOf: (v) => (v as LabelMessage).transaction_id,
    });
    if (scores.timedOut || labels.timedOut) {
      throw new Error(
        `read back ${scores.records.size} of ${scoredCount} scores and ${labels.records.size} of ${expected} labels within the timeout`,
      );
    }
    return {
      produce,
      endToEndSeconds,
      scoredPerSecond: scoredCount / endToEndSeconds,
      dlq: counts.dlq - before.dlq,
      scores: scores.records,
      duplicateScores: scores.duplicates,
      labels: new Map([...labels.records].map(([id, label]) => [id, label.tx_fraud])),
      samples,
    };
  } finally {
    clearInterval(sampler);
    await sender.close();
  }
}
