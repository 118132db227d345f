import { binOf } from "./psi";

/** Reference distribution of one model input: cut points and the proportion per bin. */
export interface FeatureReference {
  name: string;
  edges: readonly number[];
  proportions: readonly number[];
}

/**
 * Bin counts of the last `windowRows` feature rows served, per feature: a ring of each row's bin
 * indices, so the oldest row leaves the counts when a new one comes (O(features) per row, memory
 * windowRows x features bytes).
 */
export class WindowedFeatureHistogram {
  private readonly ring: Uint8Array;
  private readonly counts: Uint32Array[];
  private next = 0;
  private filled = 0;

  constructor(
    readonly features: readonly FeatureReference[],
    private readonly windowRows: number,
  ) {
    for (const f of features) {
      // Bin indices are stored in one byte each.
      if (f.proportions.length > 256) throw new Error(`${f.name}: more than 256 bins`);
    }
    this.ring = new Uint8Array(windowRows * features.length);
    this.counts = features.map((f) => new Uint32Array(f.proportions.length));
  }

  /** `row` holds the features in the references' order. */
  observe(row: readonly number[]): void {
    const width = this.features.length;
    const base = this.next * width;
    const evict = this.filled === this.windowRows;
    for (let f = 0; f < width; f++) {
      if (evict) this.counts[f]![this.ring[base + f]!]!--;
      const bin = binOf(this.features[f]!.edges, row[f]!);
      this.ring[base + f] = bin;
      this.counts[f]![bin]!++;
    }
    this.next = (this.next + 1) % this.windowRows;
    if (!evict) this.filled++;
  }

  get rows(): number {
    return this.filled;
  }

  countsOf(feature: number): Uint32Array {
    return this.counts[feature]!;
  }
}
