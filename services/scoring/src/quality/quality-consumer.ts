import type { Registry } from "prom-client";
import type { Logger } from "pino";
import { createQualityMetrics, type QualityMetrics } from "../metrics/quality-metrics";
import { OUTCOMES } from "./confusion";
import { type JoinBounds, LabelJoin } from "./label-join";
import { createRecordParsers } from "./quality-records";
import type { QualityRecord, QualitySource } from "./quality-source";
import { QualityWindows } from "./quality-windows";
import type { WindowBounds } from "./sliding-window";

const INVALID_WARNING_INTERVAL_MS = 10_000;

interface ServedDecision {
  modelVersion: string;
  decision: "approve" | "decline";
}

export interface QualityConsumerDeps {
  source: QualitySource;
  clock: () => Date;
  registry: Registry;
  logger: Logger;
  topics: { scores: string; labels: string };
  window: WindowBounds;
  join: JoinBounds;
  /** Expiry sweeps of the join while no record comes. */
  sweepIntervalMs: number;
}

export interface QualityConsumer {
  readonly metrics: QualityMetrics;
  readonly ready: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `quality`: joins the scores topic with the delayed labels topic by transaction id and exports,
 * per model version, precision, recall, F1 and the declined share at the served decision over a
 * sliding window. Records breaking their contract are counted and skipped, never fatal.
 */
export function createQualityConsumer(deps: QualityConsumerDeps): QualityConsumer {
  const { source, clock, logger, topics } = deps;
  const metrics = createQualityMetrics(deps.registry);
  const parsers = createRecordParsers();
  const windows = new QualityWindows(deps.window);
  // Only what the window needs waits in the join: memory per pending score stays small.
  const join = new LabelJoin<ServedDecision, 0 | 1>(deps.join, {
    joined(served, fraud) {
      metrics.joined.inc({ model_version: served.modelVersion });
      windows.add(served.modelVersion, served.decision, fraud, clock().getTime());
    },
    dropped(side, reason) {
      metrics.unmatched.inc({ side, reason });
    },
  });
  let sweeper: NodeJS.Timeout | undefined;
  let started = false;

  const publishPending = () => {
    metrics.pending.set({ side: "score" }, join.pendingScores);
    metrics.pending.set({ side: "label" }, join.pendingLabels);
  };
  publishPending();

  metrics.beforeCollect.window = () => {
    const qualities = windows.snapshot(clock().getTime());
    for (const gauge of [metrics.precision, metrics.recall, metrics.f1, metrics.declinedShare]) gauge.reset();
    metrics.windowTransactions.reset();
    for (const { modelVersion, counts, ratios } of qualities) {
      const labels = { model_version: modelVersion };
      // An undefined ratio (no declines, no frauds) is left out rather than exported as 0 or NaN.
      if (ratios.precision !== undefined) metrics.precision.set(labels, ratios.precision);
      if (ratios.recall !== undefined) metrics.recall.set(labels, ratios.recall);
      if (ratios.f1 !== undefined) metrics.f1.set(labels, ratios.f1);
      if (ratios.declinedShare !== undefined) metrics.declinedShare.set(labels, ratios.declinedShare);
      for (const outcome of OUTCOMES) metrics.windowTransactions.set({ ...labels, outcome }, counts[outcome]);
    }
  };

  function handle(records: readonly QualityRecord[]): void {
    const now = clock().getTime();
    for (const record of records) {
      if (record.topic === topics.scores) {
        const parsed = parsers.score(record.value);
        if (parsed.ok) {
          const { transaction_id, model_version, decision } = parsed.value;
          join.addScore(String(transaction_id), { modelVersion: model_version, decision }, now);
        } else invalid("scores", parsed.code, parsed.message);
      } else if (record.topic === topics.labels) {
        const parsed = parsers.label(record.value);
        if (parsed.ok) join.addLabel(String(parsed.value.transaction_id), parsed.value.tx_fraud, now);
        else invalid("labels", parsed.code, parsed.message);
      }
    }
    publishPending();
  }

  // One warning per topic every 10 s at most: a producer writing garbage must not flood the logs (the
  // counter has every record).
  const warnedAt = { scores: -Infinity, labels: -Infinity };
  function invalid(topic: "scores" | "labels", code: string, message: string): void {
    metrics.invalidRecords.inc({ topic, code });
    const now = Date.now();
    if (now - warnedAt[topic] < INVALID_WARNING_INTERVAL_MS) return;
    warnedAt[topic] = now;
    logger.warn({ topic, code, err: message }, "record skipped: it breaks its contract");
  }

  return {
    metrics,
    get ready() {
      return started && source.connected;
    },
    async start() {
      await source.run(handle);
      started = true;
      sweeper = setInterval(() => {
        join.sweep(clock().getTime());
        publishPending();
      }, deps.sweepIntervalMs);
      sweeper.unref();
    },
    async stop() {
      clearInterval(sweeper);
      await source.stop();
    },
  };
}
