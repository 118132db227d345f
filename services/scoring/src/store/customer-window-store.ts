/** Count, amount sum and largest amount of one customer window per spec.customerWindows entry (same order). */
export interface CustomerWindowStats {
  counts: readonly number[];
  sums: readonly number[];
  maxes: readonly number[];
}

/** What the store needs from a transaction to maintain customer windows. */
export interface CustomerEvent {
  transactionId: string | number;
  customerId: number;
  timeSeconds: number;
  amount: number;
}

/**
 * Online state for customer windows. `recordAndQuery` records the events and returns, per event and
 * in order, the stats of every window as customer-window-rule.ts defines them, in one round trip.
 */
export interface CustomerWindowStore {
  recordAndQuery(events: readonly CustomerEvent[]): Promise<CustomerWindowStats[]>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
