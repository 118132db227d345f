import { Counter, Gauge, type Registry } from "prom-client";
import { METRIC } from "./names";

/** The quality command's metric handles, registered on the injected registry. */
export function createQualityMetrics(registry: Registry) {
  const registers = [registry];
  // The window gauges are computed when scraped: the time bound moves even when no record comes.
  const beforeCollect = { window: (): void => undefined };
  const windowGauge = (name: string, help: string) =>
    new Gauge({
      name,
      help,
      labelNames: ["model_version"] as const,
      registers,
      collect: () => beforeCollect.window(),
    });
  return {
    registry,
    beforeCollect,
    joined: new Counter({
      name: METRIC.qualityJoined,
      help: "Scores joined with their delayed label, by model version.",
      labelNames: ["model_version"] as const,
      registers,
    }),
    unmatched: new Counter({
      name: METRIC.qualityUnmatched,
      help: "Scores or labels that left the join without their partner, by side and reason (ttl, capacity).",
      labelNames: ["side", "reason"] as const,
      registers,
    }),
    pending: new Gauge({
      name: METRIC.qualityPending,
      help: "Scores or labels waiting in the join for their partner.",
      labelNames: ["side"] as const,
      registers,
    }),
    invalidRecords: new Counter({
      name: METRIC.qualityInvalidRecords,
      help: "Records of the scores or labels topic that break their contract (skipped), by topic and code.",
      labelNames: ["topic", "code"] as const,
      registers,
    }),
    precision: windowGauge(
      METRIC.qualityPrecision,
      "Online precision at the served decision over the quality window.",
    ),
    recall: windowGauge(
      METRIC.qualityRecall,
      "Online recall at the served decision over the quality window.",
    ),
    f1: windowGauge(METRIC.qualityF1, "Online F1 at the served decision over the quality window."),
    declinedShare: windowGauge(
      METRIC.qualityDeclinedShare,
      "Share of the quality window's labelled transactions that were declined.",
    ),
    windowTransactions: new Gauge({
      name: METRIC.qualityWindowTransactions,
      help: "Labelled transactions in the quality window, by outcome at the served decision (tp, fp, fn, tn).",
      labelNames: ["model_version", "outcome"] as const,
      registers,
      collect: () => beforeCollect.window(),
    }),
  };
}

export type QualityMetrics = ReturnType<typeof createQualityMetrics>;
