import crypto from "node:crypto";
import type Redis from "ioredis";
import { SECONDS_PER_DAY } from "../features/time";
import { CustomerWindow, CustomerWindowCache } from "./customer-window-cache";
import { retainFrom, windowStats } from "./customer-window-rule";
import type { CustomerEvent, CustomerWindowStats, CustomerWindowStore } from "./customer-window-store";
import { recordWindows, type CustomerRecordRequest } from "./record-windows-script";

export interface RedisStoreOptions {
  windowDays: readonly number[];
  keyPrefix: string;
  /** Out-of-order arrival tolerated before old entries are trimmed, seconds. */
  latenessSeconds: number;
  ttlSeconds: number;
  /** Customers whose windows are kept in process between batches. Default 50,000. */
  cacheCustomers?: number;
  /**
   * Events per script call; a batch with more is split into several calls sent in the same round
   * trip, so one large batch does not block Redis for other clients for long. Default 4096.
   */
  maxEventsPerScriptCall?: number;
  /** Told per batch how many windows came from the in-process copy and how many from Redis. */
  onWindows?: (fromCopy: number, fromRedis: number) => void;
}

/** One customer's events of a batch, as positions in the batch. */
interface CustomerBatch {
  customerId: number;
  positions: number[];
  /** Member -> first position that records it; later occurrences are replays. */
  firstPosition: Map<string, number>;
  /** The in-process copy when the batch was sent, if any. */
  copy: CustomerWindow | undefined;
  request: CustomerRecordRequest;
}

const member = (e: CustomerEvent) => `${e.amount}|${e.transactionId}`;

/**
 * Customer windows in Redis, one round trip per batch: a Lua script (one call per few thousand
 * events, all pipelined) records every new member (`ZADD NX`, so a replay is a no-op) and trims and
 * expires each customer's sorted set. Windows are
 * computed here from an in-process copy of each customer's sorted set. A copy is used only while
 * the customer's version key still holds the token this process saw last (every change writes a
 * fresh random token); otherwise the script returns the set and the copy is rebuilt. So the steady
 * state of a worker that owns its customers' partitions moves only new members over the wire,
 * and another writer's change (another replica, the HTTP path) costs a re-read, never a wrong value.
 *
 * One script call spans many customers' keys, so this targets a non-sharded Redis.
 */
export class RedisCustomerWindowStore implements CustomerWindowStore {
  private readonly windowSeconds: number[];
  private readonly maxWindow: number;
  private readonly cache: CustomerWindowCache;
  private readonly tokenPrefix = crypto.randomBytes(6).toString("base64url");
  private tokens = 0;
  private batches = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    if (options.windowDays.length === 0) throw new Error("at least one customer window is needed");
    this.windowSeconds = options.windowDays.map((d) => d * SECONDS_PER_DAY);
    this.maxWindow = Math.max(...this.windowSeconds);
    this.cache = new CustomerWindowCache(options.cacheCustomers ?? 50_000);
  }

  async recordAndQuery(events: readonly CustomerEvent[]): Promise<CustomerWindowStats[]> {
    if (events.length === 0) return [];
    const batch = ++this.batches;
    const customers = this.groupByCustomer(events);
    const replies = await recordWindows(
      this.redis,
      this.options.ttlSeconds,
      customers.map((c) => c.request),
      this.options.maxEventsPerScriptCall ?? 4096,
    );
    const out = new Array<CustomerWindowStats>(events.length);
    let fromRedis = 0;
    customers.forEach((c, k) => {
      const reply = replies[k]!;
      if (reply.window !== null) fromRedis++;
      const window =
        reply.window === null
          ? this.appendRecorded(c, reply.added, events, batch)
          : this.rebuild(c, reply.window, reply.added, batch);
      window.version = reply.version;
      for (const i of c.positions) out[i] = this.stats(events[i]!, i, window, batch);
      window.trimBefore(c.request.trimBelow);
      this.cache.set(c.customerId, window);
    });
    this.options.onWindows?.(customers.length - fromRedis, fromRedis);
    return out;
  }

  private groupByCustomer(events: readonly CustomerEvent[]): CustomerBatch[] {
    const byId = new Map<number, CustomerBatch>();
    events.forEach((e, i) => {
      let c = byId.get(e.customerId);
      if (!c) {
        const copy = this.cache.get(e.customerId);
        const key = `${this.options.keyPrefix}cw:{${e.customerId}}`;
        c = {
          customerId: e.customerId,
          positions: [],
          firstPosition: new Map(),
          copy,
          request: {
            zsetKey: `${key}:z`,
            versionKey: `${key}:v`,
            expectedVersion: copy?.version ?? "",
            lowestScore: Infinity,
            trimBelow: -Infinity,
            newVersion: `${this.tokenPrefix}.${++this.tokens}`,
            scoredMembers: [],
          },
        };
        byId.set(e.customerId, c);
      }
      c.positions.push(i);
      // The copy (or re-read) must hold everything Redis keeps after the trim, so that later
      // late events see what a direct read would have shown them.
      const lowest = retainFrom(e.timeSeconds, this.maxWindow, this.options.latenessSeconds);
      if (lowest < c.request.lowestScore) c.request.lowestScore = lowest;
      if (lowest > c.request.trimBelow) c.request.trimBelow = lowest;
      const m = member(e);
      if (!c.firstPosition.has(m)) {
        c.firstPosition.set(m, i);
        c.request.scoredMembers.push(e.timeSeconds, m);
      }
    });
    return [...byId.values()];
  }

  /** The copy was current: add what this batch recorded. */
  private appendRecorded(
    c: CustomerBatch,
    added: string,
    events: readonly CustomerEvent[],
    batch: number,
  ): CustomerWindow {
    const window = c.copy;
    if (window === undefined || window.version !== c.request.expectedVersion) {
      throw new Error(`customer ${c.customerId}: Redis confirmed a window copy this process no longer has`);
    }
    let j = 0;
    for (const i of c.firstPosition.values()) {
      if (added[j++] === "1") {
        const e = events[i]!;
        window.insert(e.timeSeconds, e.amount, String(e.transactionId), batch, i);
      }
    }
    return window;
  }

  /** The copy was missing or stale: rebuild it from the set Redis returned. */
  private rebuild(c: CustomerBatch, flat: readonly string[], added: string, batch: number): CustomerWindow {
    const recordedAt = new Map<string, number>();
    let j = 0;
    for (const [m, i] of c.firstPosition) if (added[j++] === "1") recordedAt.set(m, i);
    const window = new CustomerWindow("");
    for (let k = 0; k < flat.length; k += 2) {
      const m = flat[k]!;
      const at = recordedAt.get(m);
      window.times.push(Number(flat[k + 1]));
      window.amounts.push(parseFloat(m));
      window.ids.push(m.slice(m.indexOf("|") + 1));
      window.recordedByBatch.push(at === undefined ? 0 : batch);
      window.recordedAtPosition.push(at ?? 0);
    }
    return window;
  }

  /** The rule's stats for the event at `position` of `batch` (its own records from their position on). */
  private stats(
    e: CustomerEvent,
    position: number,
    window: CustomerWindow,
    batch: number,
  ): CustomerWindowStats {
    const event = { time: e.timeSeconds, transactionId: e.transactionId, batch, position };
    return windowStats(window, window.firstAfter(e.timeSeconds - this.maxWindow), event, this.windowSeconds);
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
