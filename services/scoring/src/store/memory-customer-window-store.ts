import { SECONDS_PER_DAY } from "../features/time";
import {
  compareTransactionIds,
  type CustomerEvent,
  type CustomerWindowStats,
  type CustomerWindowStore,
} from "./customer-window-store";

/**
 * In-process implementation with the same semantics as the Redis one: used for tests, the parity
 * check and single-process demos. Not shared between replicas.
 */
export class MemoryCustomerWindowStore implements CustomerWindowStore {
  private readonly customers = new Map<number, Map<string, { t: number; amount: number }>>();

  constructor(private readonly windowDays: readonly number[]) {}

  async recordAndQuery(events: readonly CustomerEvent[]): Promise<CustomerWindowStats[]> {
    return events.map((e) => {
      let txs = this.customers.get(e.customerId);
      if (!txs) {
        txs = new Map();
        this.customers.set(e.customerId, txs);
      }
      const key = String(e.transactionId);
      if (!txs.has(key)) txs.set(key, { t: e.timeSeconds, amount: e.amount });
      const counts = this.windowDays.map(() => 0);
      const sums = this.windowDays.map(() => 0);
      for (const [id, { t, amount }] of txs) {
        if (t > e.timeSeconds || (t === e.timeSeconds && compareTransactionIds(id, key) > 0)) continue;
        this.windowDays.forEach((w, i) => {
          if (t > e.timeSeconds - w * SECONDS_PER_DAY) {
            counts[i]! += 1;
            sums[i]! += amount;
          }
        });
      }
      return { counts, sums };
    });
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
