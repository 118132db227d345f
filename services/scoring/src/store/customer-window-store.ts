/** Count and amount sum of one customer window per spec.customerWindows entry (same order). */
export interface CustomerWindowStats {
  counts: readonly number[];
  sums: readonly number[];
}

/** What the store needs from a transaction to maintain customer windows. */
export interface CustomerEvent {
  transactionId: string | number;
  customerId: number;
  timeSeconds: number;
  amount: number;
}

const DIGITS = /^\d+$/;

/**
 * Orders transaction ids like the batch job orders same-second ties: ids made of digits compare as
 * numbers, anything else as strings.
 */
export function compareTransactionIds(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Online state for customer windows. `recordAndQuery` adds each event once per transaction id
 * (a replay never double counts) and returns, per event and in order, the stats of every window
 * (time in (t - window, t], the event included; same-second ties only up to the event's own id,
 * see compareTransactionIds) — all in one round trip.
 */
export interface CustomerWindowStore {
  recordAndQuery(events: readonly CustomerEvent[]): Promise<CustomerWindowStats[]>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
