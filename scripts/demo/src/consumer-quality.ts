import { METRIC } from "@antifraud/scoring";
import { samples, scrape, sumMetric } from "./metrics-scrape";

/** What the `quality` process exports for one model version (NaN where it exports no value). */
export interface ConsumerQuality {
  readonly joined: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly declinedShare: number;
}

function gauge(exposition: string, name: string, modelVersion: string): number {
  return samples(exposition, name, { model_version: modelVersion })[0] ?? Number.NaN;
}

/**
 * Reads the quality consumer's gauges once it has joined `expectedJoined` labels for the model (or
 * when `timeoutMs` ends: `joined` then says how far it got).
 */
export async function consumerQuality(
  metricsUrl: string,
  modelVersion: string,
  expectedJoined: number,
  timeoutMs: number,
): Promise<ConsumerQuality> {
  const deadline = Date.now() + timeoutMs;
  const labels = { model_version: modelVersion };
  let exposition = await scrape(`${metricsUrl}/metrics`);
  while (sumMetric(exposition, METRIC.qualityJoined, labels) < expectedJoined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    exposition = await scrape(`${metricsUrl}/metrics`);
  }
  return {
    joined: sumMetric(exposition, METRIC.qualityJoined, labels),
    precision: gauge(exposition, METRIC.qualityPrecision, modelVersion),
    recall: gauge(exposition, METRIC.qualityRecall, modelVersion),
    f1: gauge(exposition, METRIC.qualityF1, modelVersion),
    declinedShare: gauge(exposition, METRIC.qualityDeclinedShare, modelVersion),
  };
}
