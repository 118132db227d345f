/**
 * The customer-window rule, stated once; both stores and the Redis script's bounds follow it.
 *
 * An event of customer c at time t sees c's recorded transactions with time in (t - window, t],
 * itself included, where a transaction at the same second counts only if its id does not order
 * after the event's own (compareTransactionIds, the batch job's tie-break). Recording is idempotent
 * per transaction id. A batch behaves as if its events were recorded one by one in batch order: of
 * the transactions the batch itself records, an event sees only those at or before its position.
 */
import type { CustomerWindowStats } from "./customer-window-store";

const DIGITS = /^\d+$/;

/**
 * Orders transaction ids like the batch job orders same-second ties: ids made of digits compare as
 * numbers, anything else as strings.
 */
export function compareTransactionIds(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a transaction at (`time`, `id`) orders after another at (`t`, `otherId`). */
export function ordersAfter(time: number, id: string, t: number, otherId: string): boolean {
  return time > t || (time === t && compareTransactionIds(id, otherId) > 0);
}

/**
 * The oldest time a store must still hold for an event at `t`: the widest window, plus the lateness
 * tolerated for events arriving out of order (they must see what an in-order arrival would have).
 */
export const retainFrom = (t: number, maxWindowSeconds: number, latenessSeconds: number) =>
  t - maxWindowSeconds - latenessSeconds;

/**
 * One customer's recorded transactions as columns in (time, id) order. `recordedByBatch` and
 * `recordedAtPosition` say which batch recorded each entry and at which position (batch 0: recorded
 * before any batch this process knows of).
 */
export interface WindowColumns {
  readonly times: readonly number[];
  readonly amounts: readonly number[];
  readonly ids: readonly string[];
  readonly recordedByBatch: readonly number[];
  readonly recordedAtPosition: readonly number[];
}

export interface WindowQuery {
  readonly time: number;
  readonly transactionId: string | number;
  readonly batch: number;
  readonly position: number;
}

/**
 * Count, amount sum and largest amount per window (`windowSeconds`, spec order) that the rule gives `event`, over
 * the entries from index `from` (any index at or before the first entry inside the widest window).
 * Sums run in time order, without running subtraction, so there is no cancellation error.
 */
export function windowStats(
  columns: WindowColumns,
  from: number,
  event: WindowQuery,
  windowSeconds: readonly number[],
): CustomerWindowStats {
  const { times, amounts, ids, recordedByBatch, recordedAtPosition } = columns;
  const t = event.time;
  const counts = new Array<number>(windowSeconds.length).fill(0);
  const sums = new Array<number>(windowSeconds.length).fill(0);
  const maxes = new Array<number>(windowSeconds.length).fill(-Infinity);
  // The id as text only for same-second ties, which are rare: converting every id cost more.
  let id: string | undefined;
  for (let j = from; j < times.length; j++) {
    const time = times[j]!;
    if (time > t) break;
    if (time === t && compareTransactionIds(ids[j]!, (id ??= String(event.transactionId))) > 0) continue;
    if (recordedByBatch[j] === event.batch && recordedAtPosition[j]! > event.position) continue;
    for (let w = 0; w < windowSeconds.length; w++) {
      if (time > t - windowSeconds[w]!) {
        const amount = amounts[j]!;
        counts[w]! += 1;
        sums[w]! += amount;
        if (amount > maxes[w]!) maxes[w] = amount;
      }
    }
  }
  return { counts, sums, maxes };
}
