/**
 * All transactions of a simulation, columnar and sorted by time (row index = transaction id), so the
 * handbook-size dataset (~1.75M rows) needs no per-transaction objects.
 */
export interface TransactionTable {
  readonly length: number;
  readonly days: number;
  /** Seconds since the start of day 0. */
  readonly timeSeconds: Int32Array;
  readonly customerId: Int32Array;
  readonly terminalId: Int32Array;
  /** Amount in cents (exact: rounding to 2 decimals, and x5 in scenario 3, stay integers). */
  readonly amountCents: Float64Array;
  readonly fraud: Uint8Array;
  /** 0 = genuine, else the last scenario (1, 2, 3) that marked the transaction. */
  readonly scenario: Uint8Array;
  /** Day d's rows are [dayOffsets[d], dayOffsets[d + 1]). */
  readonly dayOffsets: Int32Array;
}

export const SECONDS_PER_DAY = 86400;

export function dayOf(table: TransactionTable, row: number): number {
  return Math.floor(table.timeSeconds[row]! / SECONDS_PER_DAY);
}

/** Growable columns for the generation pass, whose final size is only known at the end. */
export class TransactionColumnsBuilder {
  length = 0;
  timeSeconds: Int32Array;
  customerId: Int32Array;
  terminalId: Int32Array;
  amountCents: Float64Array;

  constructor(initialCapacity: number) {
    const capacity = Math.max(1024, initialCapacity);
    this.timeSeconds = new Int32Array(capacity);
    this.customerId = new Int32Array(capacity);
    this.terminalId = new Int32Array(capacity);
    this.amountCents = new Float64Array(capacity);
  }

  push(timeSeconds: number, customerId: number, terminalId: number, amountCents: number): void {
    if (this.length === this.timeSeconds.length) this.grow();
    const i = this.length++;
    this.timeSeconds[i] = timeSeconds;
    this.customerId[i] = customerId;
    this.terminalId[i] = terminalId;
    this.amountCents[i] = amountCents;
  }

  private grow(): void {
    const capacity = this.timeSeconds.length * 2;
    const grow = <T extends Int32Array | Float64Array>(column: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(column);
      return next;
    };
    this.timeSeconds = grow(this.timeSeconds, (n) => new Int32Array(n));
    this.customerId = grow(this.customerId, (n) => new Int32Array(n));
    this.terminalId = grow(this.terminalId, (n) => new Int32Array(n));
    this.amountCents = grow(this.amountCents, (n) => new Float64Array(n));
  }

  /**
   * Sorts by time; ties keep generation order (customer id, then the customer's own order), which makes
   * ids deterministic. The key time * n + index is exact in a double for n * 15.8M-per-183-days < 2^53.
   */
  toSortedTable(days: number): TransactionTable {
    const n = this.length;
    if (n > 0 && this.timeSeconds.reduce((max, t) => Math.max(max, t), 0) * n >= Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`too many transactions (${n}) to sort by an exact key`);
    }
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = this.timeSeconds[i]! * n + i;
    keys.sort();
    const table = {
      length: n,
      days,
      timeSeconds: new Int32Array(n),
      customerId: new Int32Array(n),
      terminalId: new Int32Array(n),
      amountCents: new Float64Array(n),
      fraud: new Uint8Array(n),
      scenario: new Uint8Array(n),
      dayOffsets: new Int32Array(days + 1),
    };
    for (let row = 0; row < n; row++) {
      const source = keys[row]! % n;
      const time = this.timeSeconds[source]!;
      table.timeSeconds[row] = time;
      table.customerId[row] = this.customerId[source]!;
      table.terminalId[row] = this.terminalId[source]!;
      table.amountCents[row] = this.amountCents[source]!;
      table.dayOffsets[Math.floor(time / SECONDS_PER_DAY) + 1]!++;
    }
    for (let d = 0; d < days; d++) table.dayOffsets[d + 1]! += table.dayOffsets[d]!;
    return table;
  }
}
