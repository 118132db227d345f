import type { Transaction } from "../features/transaction";
import type { Scorer, ScoreResult } from "./scorer";

interface Pending {
  tx: Transaction;
  resolve(result: ScoreResult): void;
  reject(err: unknown): void;
}

/**
 * Coalesces single-transaction HTTP requests that arrive in the same event-loop turn into one
 * scorer call (one Redis round trip, one inference call). It adds no timer delay: the batch is
 * flushed on setImmediate, so an idle server scores a lone request at once.
 */
export function createMicroBatcher(scorer: Scorer, maxBatch: number) {
  let queue: Pending[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      scorer
        .score(
          batch.map((p) => p.tx),
          "http",
        )
        .then(
          (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
          (err) => batch.forEach((p) => p.reject(err)),
        );
    }
  };

  return {
    score(tx: Transaction): Promise<ScoreResult> {
      return new Promise((resolve, reject) => {
        queue.push({ tx, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
