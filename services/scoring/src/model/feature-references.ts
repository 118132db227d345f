import type { FeatureReference } from "../drift/feature-histogram";
import type { Manifest } from "./manifest";

/** Float sums of the export's proportions may miss 1 by rounding, never by this much. */
const SUM_TOLERANCE = 1e-6;

/**
 * The manifest's `feature_distribution` as PSI references, or null when the bundle has none (made
 * before the key existed). A present but inconsistent one throws: it is signed, so it is a bug of
 * the export, and the loader refuses the bundle.
 */
export function featureReferences(manifest: Manifest): FeatureReference[] | null {
  const distribution = manifest.feature_distribution;
  if (distribution === undefined) return null;
  const reject = (message: string) => new Error(`feature_distribution: ${message}`);
  const names = distribution.features.map((f) => f.name);
  if (names.join(",") !== manifest.feature_names.join(",")) {
    throw reject(`features ${names.join(",")} are not feature_names in order`);
  }
  return distribution.features.map(({ name, edges, proportions }) => {
    if (proportions.length !== edges.length + 1) {
      throw reject(
        `${name}: ${edges.length} edges need ${edges.length + 1} proportions, got ${proportions.length}`,
      );
    }
    if (edges.some((edge, i) => !Number.isFinite(edge) || (i > 0 && edge <= edges[i - 1]!))) {
      throw reject(`${name}: edges must be finite and strictly increasing`);
    }
    const sum = proportions.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) throw reject(`${name}: proportions sum to ${sum}, not 1`);
    return { name, edges, proportions };
  });
}
