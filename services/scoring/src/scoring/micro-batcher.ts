import { ScoringError } from "../errors/catalogue";
import type { Transaction } from "../features/transaction";
import type { Scorer, ScoreResult } from "./scorer";

interface Pending {
  tx: Transaction;
  resolve(result: ScoreResult): void;
  reject(err: unknown): void;
}

export interface MicroBatcherOptions {
  /** Largest scorer call. */
  maxBatch: number;
  /** Scorer calls at once; requests arriving meanwhile wait and go together. Default 1. */
  maxInFlight?: number;
  /**
   * Transactions waiting for a scorer call; one more is refused at once with OVERLOADED (503), so
   * a backlog cannot grow past what the next few calls clear. Default 4 x maxBatch.
   */
  maxQueued?: number;
}

/**
 * Coalesces single-transaction HTTP requests into scorer calls (one Redis round trip, one inference
 * call each). No timer: a request arriving at an idle server is flushed on setImmediate, so it is
 * scored at once; under load, requests that arrive while `maxInFlight` calls are running queue up
 * and are flushed together when one finishes, so batches grow with the load instead of the
 * per-call costs. The queue is bounded: past `maxQueued` waiting transactions, requests are refused.
 */
export function createMicroBatcher(scorer: Scorer, options: MicroBatcherOptions) {
  const maxInFlight = options.maxInFlight ?? 1;
  const maxQueued = options.maxQueued ?? 4 * options.maxBatch;
  let queue: Pending[] = [];
  let scheduled = false;
  let inFlight = 0;

  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      scorer
        .score(
          batch.map((p) => p.tx),
          "http",
        )
        .then(
          (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
          (err) => batch.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          inFlight--;
          schedule();
        });
    }
  };

  const schedule = () => {
    if (!scheduled && queue.length > 0) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  return {
    score(tx: Transaction): Promise<ScoreResult> {
      if (queue.length >= maxQueued) return Promise.reject(new ScoringError("OVERLOADED"));
      return new Promise((resolve, reject) => {
        queue.push({ tx, resolve, reject });
        schedule();
      });
    },
  };
}
