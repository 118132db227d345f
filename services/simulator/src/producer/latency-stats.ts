/**
 * Acknowledgement latency per message: every message of a batch waited as long as its batch, so a
 * batch adds one sample with a weight. Percentiles are nearest-rank over messages.
 */
export class LatencyStats {
  private samples: Array<{ latencyMs: number; count: number }> = [];
  private total = 0;
  private sorted = true;

  add(latencyMs: number, count: number): void {
    if (count <= 0) return;
    this.samples.push({ latencyMs, count });
    this.total += count;
    this.sorted = false;
  }

  get count(): number {
    return this.total;
  }

  /** p in (0, 100]; undefined when nothing was recorded. */
  percentile(p: number): number | undefined {
    if (this.total === 0) return undefined;
    if (!this.sorted) {
      this.samples.sort((a, b) => a.latencyMs - b.latencyMs);
      this.sorted = true;
    }
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (const sample of this.samples) {
      seen += sample.count;
      if (seen >= rank) return sample.latencyMs;
    }
    return this.samples[this.samples.length - 1]!.latencyMs;
  }
}
