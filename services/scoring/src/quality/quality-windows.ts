import { type ConfusionCounts, outcomeOf, qualityRatios, type QualityRatios } from "./confusion";
import { SlidingConfusionWindow, type WindowBounds } from "./sliding-window";

export interface VersionQuality {
  modelVersion: string;
  counts: ConfusionCounts;
  ratios: QualityRatios;
}

/**
 * One sliding window per model version (a score carries the version that decided it, so a model
 * swap never mixes two models' quality); a version's window is forgotten once it empties.
 */
export class QualityWindows {
  private readonly windows = new Map<string, SlidingConfusionWindow>();

  constructor(private readonly bounds: WindowBounds) {}

  add(modelVersion: string, decision: "approve" | "decline", fraud: 0 | 1, atMs: number): void {
    let window = this.windows.get(modelVersion);
    if (window === undefined) {
      window = new SlidingConfusionWindow(this.bounds);
      this.windows.set(modelVersion, window);
    }
    window.add(outcomeOf(decision, fraud), atMs);
  }

  /** Every version's counts and ratios at `nowMs`, after dropping what fell out of the time bound. */
  snapshot(nowMs: number): VersionQuality[] {
    const out: VersionQuality[] = [];
    for (const [modelVersion, window] of this.windows) {
      window.expire(nowMs);
      if (window.size === 0) {
        this.windows.delete(modelVersion);
        continue;
      }
      const counts = window.snapshot();
      out.push({ modelVersion, counts, ratios: qualityRatios(counts) });
    }
    return out;
  }
}
