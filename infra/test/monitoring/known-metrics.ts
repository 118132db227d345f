import { collectDefaultMetrics, Registry } from "prom-client";
import { createMetrics, createQualityMetrics } from "@antifraud/scoring";
import { type RuleFile, recordingRules } from "../../monitoring/rules-file";

/** Prefix the scoring runtime gives prom-client's default metrics (services/scoring/src/app/runtime.ts). */
export const SCORING_DEFAULT_METRICS_PREFIX = "antifraud_process_";

/** Series Prometheus itself produces for every scrape target. */
const SCRAPE_SERIES = ["up", "scrape_duration_seconds", "scrape_samples_scraped"];

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"];

/**
 * Every series name a PromQL expression of ours may select: the scoring service's metrics (as its
 * own metrics modules register them, the quality command's included, histograms expanded), its default process metrics, the
 * recording rules of the rules file and Prometheus' per-target series.
 */
export async function knownSeriesNames(rules: RuleFile): Promise<Set<string>> {
  const registry = new Registry();
  createMetrics(registry);
  createQualityMetrics(registry);
  collectDefaultMetrics({ register: registry, prefix: SCORING_DEFAULT_METRICS_PREFIX });
  const metrics = await registry.getMetricsAsJSON();
  const names = metrics.flatMap((metric) =>
    String(metric.type) === "histogram"
      ? HISTOGRAM_SUFFIXES.map((suffix) => metric.name + suffix)
      : [metric.name],
  );
  return new Set([...names, ...recordingRules(rules).map((rule) => rule.record), ...SCRAPE_SERIES]);
}
