import type { Metrics } from "../metrics/metrics";
import { type FeatureReference, WindowedFeatureHistogram } from "./feature-histogram";
import { psi } from "./psi";

/** What the monitor needs of a model in service. */
export interface DriftModel {
  version: string;
  featureReference: readonly FeatureReference[] | null;
}

export interface DriftMonitor {
  /** Feature rows (spec order) just scored by `model`. */
  observe(model: DriftModel, rows: readonly (readonly number[])[]): void;
}

/**
 * PSI per feature of the last `windowRows` rows served, against the reference distribution of the
 * model that scored them, computed when /metrics is scraped. Runs where the features are computed
 * (serve and stream), the only place they exist. A new model version starts an empty window and
 * removes the previous version's series; a bundle without a reference exports none.
 */
export function createDriftMonitor(metrics: Metrics, windowRows: number): DriftMonitor {
  let tracked: { version: string; histogram: WindowedFeatureHistogram | null } | null = null;

  metrics.beforeCollect.drift = () => {
    metrics.featurePsi.reset();
    metrics.featurePsiWindowRows.reset();
    const histogram = tracked?.histogram;
    if (!tracked || !histogram) return;
    metrics.featurePsiWindowRows.set({ model_version: tracked.version }, histogram.rows);
    histogram.features.forEach((feature, i) => {
      const value = psi(feature.proportions, histogram.countsOf(i));
      if (value !== undefined)
        metrics.featurePsi.set({ model_version: tracked!.version, feature: feature.name }, value);
    });
  };

  return {
    observe(model, rows) {
      if (tracked?.version !== model.version) {
        const reference = model.featureReference;
        tracked = {
          version: model.version,
          histogram: reference === null ? null : new WindowedFeatureHistogram(reference, windowRows),
        };
      }
      const histogram = tracked.histogram;
      if (histogram === null) return;
      for (const row of rows) histogram.observe(row);
    },
  };
}
