export interface JoinBounds {
  /** Scores waiting for their label, at most; the oldest is dropped first. */
  maxPendingScores: number;
  /** A score waits this long for its label (labels are delayed: days in production). */
  scoreTtlMs: number;
  /** Labels that arrived before their score, at most. */
  maxPendingLabels: number;
  /** A label waits this long for its score. */
  labelTtlMs: number;
}

export type JoinSide = "score" | "label";
export type DropReason = "ttl" | "capacity";

export interface JoinEvents<S, L> {
  joined(score: S, label: L): void;
  /** A record left the join without its partner: expired, or pushed out by the size cap. */
  dropped(side: JoinSide, reason: DropReason): void;
}

interface Pending<T> {
  value: T;
  atMs: number;
}

/**
 * Joins scores and labels by transaction id in bounded memory, whichever comes first: each side
 * waits in an insertion-ordered map (arrival order, so expiry and the size cap both drop from the
 * front) until its partner comes, its TTL passes or the cap pushes it out. A repeated id replaces
 * the waiting record and restarts its wait.
 */
export class LabelJoin<S, L> {
  private readonly scores = new Map<string, Pending<S>>();
  private readonly labels = new Map<string, Pending<L>>();

  constructor(
    private readonly bounds: JoinBounds,
    private readonly events: JoinEvents<S, L>,
  ) {}

  addScore(id: string, score: S, nowMs: number): void {
    this.sweep(nowMs);
    const label = this.labels.get(id);
    if (label !== undefined) {
      this.labels.delete(id);
      this.events.joined(score, label.value);
      return;
    }
    this.put(this.scores, id, score, nowMs, this.bounds.maxPendingScores, "score");
  }

  addLabel(id: string, label: L, nowMs: number): void {
    this.sweep(nowMs);
    const score = this.scores.get(id);
    if (score !== undefined) {
      this.scores.delete(id);
      this.events.joined(score.value, label);
      return;
    }
    this.put(this.labels, id, label, nowMs, this.bounds.maxPendingLabels, "label");
  }

  /** Drops every record that has waited longer than its side's TTL at `nowMs`. */
  sweep(nowMs: number): void {
    this.expire(this.scores, nowMs - this.bounds.scoreTtlMs, "score");
    this.expire(this.labels, nowMs - this.bounds.labelTtlMs, "label");
  }

  get pendingScores(): number {
    return this.scores.size;
  }

  get pendingLabels(): number {
    return this.labels.size;
  }

  private put<T>(
    map: Map<string, Pending<T>>,
    id: string,
    value: T,
    nowMs: number,
    max: number,
    side: JoinSide,
  ): void {
    map.delete(id);
    map.set(id, { value, atMs: nowMs });
    while (map.size > max) {
      map.delete(map.keys().next().value!);
      this.events.dropped(side, "capacity");
    }
  }

  private expire<T>(map: Map<string, Pending<T>>, oldestKept: number, side: JoinSide): void {
    for (const [id, entry] of map) {
      if (entry.atMs > oldestKept) return;
      map.delete(id);
      this.events.dropped(side, "ttl");
    }
  }
}
