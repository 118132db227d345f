import { type ConfusionCounts, emptyCounts, type Outcome } from "./confusion";

export interface WindowBounds {
  /** At most this many of the latest labelled transactions per model version. */
  maxTransactions: number;
  /** Only transactions joined within this many ms before now. */
  maxAgeMs: number;
}

/**
 * Confusion counts of the latest labelled transactions of one model version: the last
 * `maxTransactions` joined within the last `maxAgeMs` (whichever bound is tighter). Entries arrive
 * in join time order, so both bounds drop from the front; memory is bounded by `maxTransactions`.
 */
export class SlidingConfusionWindow {
  private readonly at: number[] = [];
  private readonly outcomes: Outcome[] = [];
  private head = 0;
  private readonly counts: ConfusionCounts = emptyCounts();

  constructor(private readonly bounds: WindowBounds) {}

  add(outcome: Outcome, atMs: number): void {
    this.at.push(atMs);
    this.outcomes.push(outcome);
    this.counts[outcome]++;
    if (this.size > this.bounds.maxTransactions) this.dropFront();
  }

  /** Drops what is older than the time bound at `nowMs`. */
  expire(nowMs: number): void {
    const oldest = nowMs - this.bounds.maxAgeMs;
    while (this.size > 0 && this.at[this.head]! <= oldest) this.dropFront();
  }

  get size(): number {
    return this.at.length - this.head;
  }

  snapshot(): ConfusionCounts {
    return { ...this.counts };
  }

  private dropFront(): void {
    this.counts[this.outcomes[this.head]!]--;
    this.head++;
    // Compact once the dropped prefix is half the arrays: amortised O(1), memory stays ~2x the window.
    if (this.head > 1024 && this.head * 2 > this.at.length) {
      this.at.splice(0, this.head);
      this.outcomes.splice(0, this.head);
      this.head = 0;
    }
  }
}
