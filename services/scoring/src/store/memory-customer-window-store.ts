import { SECONDS_PER_DAY } from "../features/time";
import { CustomerWindow } from "./customer-window-cache";
import { windowStats } from "./customer-window-rule";
import type { CustomerEvent, CustomerWindowStats, CustomerWindowStore } from "./customer-window-store";

/**
 * In-process implementation of the same rule as the Redis one (customer-window-rule.ts): used for
 * tests, the parity check and single-process demos. Not shared between replicas; never trimmed.
 */
export class MemoryCustomerWindowStore implements CustomerWindowStore {
  private readonly customers = new Map<number, { window: CustomerWindow; recorded: Set<string> }>();
  private readonly windowSeconds: number[];
  private batches = 0;

  constructor(windowDays: readonly number[]) {
    this.windowSeconds = windowDays.map((d) => d * SECONDS_PER_DAY);
  }

  async recordAndQuery(events: readonly CustomerEvent[]): Promise<CustomerWindowStats[]> {
    const batch = ++this.batches;
    events.forEach((e, position) => {
      let customer = this.customers.get(e.customerId);
      if (!customer) {
        customer = { window: new CustomerWindow(""), recorded: new Set() };
        this.customers.set(e.customerId, customer);
      }
      const id = String(e.transactionId);
      if (customer.recorded.has(id)) return;
      customer.recorded.add(id);
      customer.window.insert(e.timeSeconds, e.amount, id, batch, position);
    });
    return events.map((e, position) =>
      windowStats(
        this.customers.get(e.customerId)!.window,
        0,
        { time: e.timeSeconds, transactionId: e.transactionId, batch, position },
        this.windowSeconds,
      ),
    );
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
