import { ordersAfter, type WindowColumns } from "./customer-window-rule";

/**
 * One customer's recorded transactions in (time, id) order, as columns of plain numbers so the
 * window sums walk arrays instead of objects (see WindowColumns for the `recordedBy*` columns).
 */
export class CustomerWindow implements WindowColumns {
  readonly times: number[] = [];
  readonly amounts: number[] = [];
  readonly ids: string[] = [];
  readonly recordedByBatch: number[] = [];
  readonly recordedAtPosition: number[] = [];

  /** @param version the Redis version token this copy mirrors. */
  constructor(public version: string) {}

  get size(): number {
    return this.times.length;
  }

  /** Inserts in (time, id) order; appends in the usual in-order case. */
  insert(time: number, amount: number, id: string, batch: number, position: number): void {
    let at = this.times.length;
    while (at > 0 && this.isAfter(at - 1, time, id)) at--;
    if (at === this.times.length) {
      this.times.push(time);
      this.amounts.push(amount);
      this.ids.push(id);
      this.recordedByBatch.push(batch);
      this.recordedAtPosition.push(position);
      return;
    }
    this.times.splice(at, 0, time);
    this.amounts.splice(at, 0, amount);
    this.ids.splice(at, 0, id);
    this.recordedByBatch.splice(at, 0, batch);
    this.recordedAtPosition.splice(at, 0, position);
  }

  /** Drops entries older than `bound` (time < bound), as the Redis trim does. */
  trimBefore(bound: number): void {
    let n = 0;
    while (n < this.times.length && this.times[n]! < bound) n++;
    if (n === 0) return;
    this.times.splice(0, n);
    this.amounts.splice(0, n);
    this.ids.splice(0, n);
    this.recordedByBatch.splice(0, n);
    this.recordedAtPosition.splice(0, n);
  }

  /** Index of the first entry with time > bound. */
  firstAfter(bound: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! > bound) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private isAfter(index: number, time: number, id: string): boolean {
    return ordersAfter(this.times[index]!, this.ids[index]!, time, id);
  }
}

/**
 * Least-recently-used copies of customer windows. A copy is only trusted while its version token
 * equals the one in Redis, so a stale or evicted copy costs a re-read, never a wrong feature.
 */
export class CustomerWindowCache {
  private readonly windows = new Map<number, CustomerWindow>();

  constructor(readonly maxCustomers: number) {
    if (!Number.isInteger(maxCustomers) || maxCustomers < 1) {
      throw new Error(`maxCustomers must be a positive integer, got ${maxCustomers}`);
    }
  }

  get size(): number {
    return this.windows.size;
  }

  /** The copy, marked most recently used. */
  get(customerId: number): CustomerWindow | undefined {
    const window = this.windows.get(customerId);
    if (window !== undefined) {
      this.windows.delete(customerId);
      this.windows.set(customerId, window);
    }
    return window;
  }

  set(customerId: number, window: CustomerWindow): void {
    this.windows.delete(customerId);
    this.windows.set(customerId, window);
    while (this.windows.size > this.maxCustomers) {
      const oldest = this.windows.keys().next().value as number;
      this.windows.delete(oldest);
    }
  }
}
