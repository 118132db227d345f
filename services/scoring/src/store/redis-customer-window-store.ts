import type Redis from "ioredis";
import type { CustomerWindowStats } from "../features/compute";
import { SECONDS_PER_DAY } from "../features/time";
import { compareTransactionIds, type CustomerEvent, type CustomerWindowStore } from "./customer-window-store";

export interface RedisStoreOptions {
  windowDays: readonly number[];
  keyPrefix: string;
  /** Out-of-order arrival tolerated before old entries are trimmed, seconds. */
  latenessSeconds: number;
  ttlSeconds: number;
}

/** One customer's events of a batch, as positions in the batch. */
interface CustomerBatch {
  key: string;
  positions: number[];
  /** Member -> first position that records it; later occurrences are replays. */
  firstPosition: Map<string, number>;
}

interface Entries {
  times: Float64Array;
  amounts: Float64Array;
  members: string[];
}

const member = (e: CustomerEvent) => `${e.amount}|${e.transactionId}`;

/**
 * Customer windows in Redis, one pipelined round trip per batch. Per customer a sorted set (member
 * `amount|txid`, score = time): one `ZADD NX` per new member (a replay is a no-op, and its reply says
 * whether this batch recorded it), one `ZRANGEBYSCORE` of everything the customer's events of the
 * batch need, then the trim and `EXPIRE`. The window stats are computed here, so Redis does
 * O(log n + m) per customer instead of walking the window once per event.
 *
 * No MULTI: every event's own member is written before the read on the same connection, and a
 * concurrent worker's commands interleaving can only add entries that the time and id filter would
 * count anyway (or trim entries beyond the lateness, as a later batch would).
 * Keys of one batch span many customers, so this targets a non-sharded Redis.
 */
export class RedisCustomerWindowStore implements CustomerWindowStore {
  private readonly windowSeconds: number[];
  private readonly maxWindow: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    if (options.windowDays.length === 0) throw new Error("at least one customer window is needed");
    this.windowSeconds = options.windowDays.map((d) => d * SECONDS_PER_DAY);
    this.maxWindow = Math.max(...this.windowSeconds);
  }

  async recordAndQuery(events: readonly CustomerEvent[]): Promise<CustomerWindowStats[]> {
    if (events.length === 0) return [];
    const customers = this.groupByCustomer(events);
    const pipeline = this.redis.pipeline();
    // Reply slots per customer: its ZADDs, then the ZRANGEBYSCORE.
    const slots: { adds: number; range: number }[] = [];
    let slot = 0;
    for (const c of customers.values()) {
      let minT = Infinity;
      let maxT = -Infinity;
      for (const i of c.positions) {
        const t = events[i]!.timeSeconds;
        if (t < minT) minT = t;
        if (t > maxT) maxT = t;
      }
      for (const [m, i] of c.firstPosition) pipeline.zadd(c.key, "NX", events[i]!.timeSeconds, m);
      // Read before trimming, so the batch's own events are always in their windows.
      pipeline.zrangebyscore(c.key, `(${minT - this.maxWindow}`, maxT, "WITHSCORES");
      pipeline.zremrangebyscore(c.key, "-inf", `(${maxT - this.maxWindow - this.options.latenessSeconds}`);
      pipeline.expire(c.key, this.options.ttlSeconds);
      slots.push({ adds: slot, range: slot + c.firstPosition.size });
      slot += c.firstPosition.size + 3;
    }
    const replies = (await pipeline.exec()) ?? [];
    const reply = (n: number): unknown => {
      const [err, value] = replies[n] ?? [new Error("missing pipeline reply"), null];
      if (err) throw err;
      return value;
    };
    const out = new Array<CustomerWindowStats>(events.length);
    let k = 0;
    for (const c of customers.values()) {
      const { adds, range } = slots[k++]!;
      // Members this batch recorded are visible from their first position on, as if the batch's
      // events were recorded and queried one by one; older members are visible to all.
      const recordedAt = new Map<string, number>();
      let n = adds;
      for (const [m, i] of c.firstPosition) if (Number(reply(n++)) === 1) recordedAt.set(m, i);
      const entries = parseEntries(reply(range) as string[]);
      for (const i of c.positions) out[i] = this.stats(events[i]!, i, entries, recordedAt);
    }
    return out;
  }

  private groupByCustomer(events: readonly CustomerEvent[]): Map<number, CustomerBatch> {
    const customers = new Map<number, CustomerBatch>();
    events.forEach((e, i) => {
      let c = customers.get(e.customerId);
      if (!c) {
        c = {
          key: `${this.options.keyPrefix}cw:{${e.customerId}}:z`,
          positions: [],
          firstPosition: new Map(),
        };
        customers.set(e.customerId, c);
      }
      c.positions.push(i);
      const m = member(e);
      if (!c.firstPosition.has(m)) c.firstPosition.set(m, i);
    });
    return customers;
  }

  /** Direct sums in time order (no running subtraction, so no cancellation error). */
  private stats(
    e: CustomerEvent,
    position: number,
    entries: Entries,
    recordedAt: ReadonlyMap<string, number>,
  ): CustomerWindowStats {
    const id = String(e.transactionId);
    const t = e.timeSeconds;
    const { times, amounts, members } = entries;
    const counts = this.windowSeconds.map(() => 0);
    const sums = this.windowSeconds.map(() => 0);
    for (let j = firstAfter(times, t - this.maxWindow); j < times.length; j++) {
      const time = times[j]!;
      if (time > t) break;
      if (time === t && compareTransactionIds(idOf(members[j]!), id) > 0) continue;
      if (recordedAt.size > 0) {
        const at = recordedAt.get(members[j]!);
        if (at !== undefined && at > position) continue;
      }
      for (let w = 0; w < this.windowSeconds.length; w++) {
        if (time > t - this.windowSeconds[w]!) {
          counts[w]! += 1;
          sums[w]! += amounts[j]!;
        }
      }
    }
    return { counts, sums };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * `ZRANGEBYSCORE ... WITHSCORES` reply (member, score, ...) as columns, ascending time. Columns and
 * `parseFloat` (which stops at the `|`) keep this allocation-free per entry: replies hold the whole
 * window of every customer of the batch. Ids are cut out only for same-second ties.
 */
function parseEntries(flat: readonly string[]): Entries {
  const n = flat.length / 2;
  const entries: Entries = {
    times: new Float64Array(n),
    amounts: new Float64Array(n),
    members: new Array(n),
  };
  for (let j = 0; j < n; j++) {
    const m = flat[2 * j]!;
    entries.members[j] = m;
    entries.amounts[j] = parseFloat(m);
    entries.times[j] = Number(flat[2 * j + 1]);
  }
  return entries;
}

const idOf = (m: string) => m.slice(m.indexOf("|") + 1);

/** Index of the first time > bound (times ascending). */
function firstAfter(times: Float64Array, bound: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! > bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
