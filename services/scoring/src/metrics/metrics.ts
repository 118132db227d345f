import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { METRIC } from "./names";

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const SCORE_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

export type ScoringPath = "http" | "stream";

/** The service's metric handles, all registered on the injected registry. */
export function createMetrics(registry: Registry) {
  const registers = [registry];
  // Gauges whose values are computed when scraped (PSI over the window), not on every batch.
  const beforeCollect = { drift: (): void => undefined };
  return {
    registry,
    beforeCollect,
    scoredTransactions: new Counter({
      name: METRIC.scoredTransactions,
      help: "Transactions scored, by path and decision.",
      labelNames: ["path", "decision"] as const,
      registers,
    }),
    scoringErrors: new Counter({
      name: METRIC.scoringErrors,
      help: "Scoring failures, by path and error code.",
      labelNames: ["path", "code"] as const,
      registers,
    }),
    invalidInput: new Counter({
      name: METRIC.invalidInput,
      help: "Inputs rejected by validation, by path and reason.",
      labelNames: ["path", "reason"] as const,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: METRIC.httpRequestDuration,
      help: "HTTP request latency in seconds.",
      labelNames: ["route", "status"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    scoringDuration: new Histogram({
      name: METRIC.scoringDuration,
      help: "Time to score one batch (features and inference) in seconds.",
      labelNames: ["path"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    inferenceDuration: new Histogram({
      name: METRIC.inferenceDuration,
      help: "Duration of one ONNX inference call in seconds.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    inferenceBatchSize: new Histogram({
      name: METRIC.inferenceBatchSize,
      help: "Rows per inference call.",
      labelNames: ["path"] as const,
      buckets: BATCH_BUCKETS,
      registers,
    }),
    score: new Histogram({
      name: METRIC.score,
      help: "Distribution of fraud scores (probability of fraud).",
      labelNames: ["path"] as const,
      buckets: SCORE_BUCKETS,
      registers,
    }),
    modelInfo: new Gauge({
      name: METRIC.modelInfo,
      help: "The model in service (value 1).",
      labelNames: ["version", "spec_version"] as const,
      registers,
    }),
    modelCreatedTimestamp: new Gauge({
      name: METRIC.modelCreatedTimestamp,
      help: "created_at of the model in service, unix seconds.",
      registers,
    }),
    modelLoadedTimestamp: new Gauge({
      name: METRIC.modelLoadedTimestamp,
      help: "When the model in service was loaded, unix seconds.",
      registers,
    }),
    modelLoadDuration: new Gauge({
      name: METRIC.modelLoadDuration,
      help: "Seconds spent loading and verifying the model in service.",
      registers,
    }),
    modelThreshold: new Gauge({
      name: METRIC.modelThreshold,
      help: "Decision threshold of the model in service.",
      registers,
    }),
    reloads: new Counter({
      name: METRIC.reloads,
      help: "Reload attempts of hot-reloaded artifacts, by artifact, result and reason.",
      labelNames: ["artifact", "result", "reason"] as const,
      registers,
    }),
    terminalSnapshotInfo: new Gauge({
      name: METRIC.terminalSnapshotInfo,
      help: "The terminal snapshot in service (value 1).",
      labelNames: ["as_of_day"] as const,
      registers,
    }),
    terminalSnapshotAsOfTimestamp: new Gauge({
      name: METRIC.terminalSnapshotAsOfTimestamp,
      help: "End of the as-of day of the terminal snapshot in service, unix seconds.",
      registers,
    }),
    consumerLag: new Gauge({
      name: METRIC.consumerLag,
      help: "Messages behind the high watermark, per topic partition.",
      labelNames: ["topic", "partition"] as const,
      registers,
    }),
    dlqMessages: new Counter({
      name: METRIC.dlqMessages,
      help: "Messages written to the dead-letter topic, by reason.",
      labelNames: ["reason"] as const,
      registers,
    }),
    kafkaTransactions: new Counter({
      name: METRIC.kafkaTransactions,
      help: "Kafka transactions of the stream worker, by result.",
      labelNames: ["result"] as const,
      registers,
    }),
    kafkaRebalances: new Counter({
      name: METRIC.kafkaRebalances,
      help: "Consumer group rebalance events of the stream worker: assign, revoke, lost (fenced).",
      labelNames: ["event"] as const,
      registers,
    }),
    featureStoreDuration: new Histogram({
      name: METRIC.featureStoreDuration,
      help: "Redis round trip for one feature batch in seconds.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    customerWindows: new Counter({
      name: METRIC.customerWindows,
      help: "Customer windows used per batch, by source: the in-process copy (current) or read from Redis.",
      labelNames: ["source"] as const,
      registers,
    }),
    featureStoreUp: new Gauge({
      name: METRIC.featureStoreUp,
      help: "1 when the last feature store call succeeded, else 0.",
      registers,
    }),
    featurePsi: new Gauge({
      name: METRIC.featurePsi,
      help: "Population stability index of the served feature rows in the window against the model bundle's reference distribution.",
      labelNames: ["model_version", "feature"] as const,
      registers,
      collect: () => beforeCollect.drift(),
    }),
    featurePsiWindowRows: new Gauge({
      name: METRIC.featurePsiWindowRows,
      help: "Served feature rows in the PSI window.",
      labelNames: ["model_version"] as const,
      registers,
      collect: () => beforeCollect.drift(),
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
