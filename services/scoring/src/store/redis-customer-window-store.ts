import fs from "node:fs";
import path from "node:path";
import type Redis from "ioredis";
import type { CustomerWindowStats } from "../features/compute";
import { SECONDS_PER_DAY } from "../features/time";
import type { CustomerEvent, CustomerWindowStore } from "./customer-window-store";

const SCRIPT = fs.readFileSync(path.join(__dirname, "window-script.lua"), "utf8");

export interface RedisStoreOptions {
  windowDays: readonly number[];
  keyPrefix: string;
  /** Out-of-order arrival tolerated before old entries are trimmed, seconds. */
  latenessSeconds: number;
  ttlSeconds: number;
  /** Events per script call; bounds how long one call blocks Redis. Default 500. */
  eventsPerScript?: number;
}

type WindowCommand = (numKeys: number, ...args: (string | number)[]) => Promise<(string | number)[]>;

/**
 * Customer windows in Redis: one EVALSHA per batch (ioredis falls back to EVAL once when the script
 * cache is empty). Keys are per customer; on Redis Cluster all keys of a batch must share a slot, so
 * this targets a non-sharded (primary + replicas) deployment.
 */
export class RedisCustomerWindowStore implements CustomerWindowStore {
  private readonly windowSeconds: number[];
  private readonly run: WindowCommand;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    if (options.windowDays.length === 0) throw new Error("at least one customer window is needed");
    this.windowSeconds = [...options.windowDays].sort((a, b) => a - b).map((d) => d * SECONDS_PER_DAY);
    if (!("antifraudWindows" in redis)) redis.defineCommand("antifraudWindows", { lua: SCRIPT });
    const command = (redis as unknown as { antifraudWindows: WindowCommand }).antifraudWindows;
    this.run = command.bind(redis);
  }

  async recordAndQuery(events: readonly CustomerEvent[]): Promise<CustomerWindowStats[]> {
    if (events.length === 0) return [];
    const chunk = this.options.eventsPerScript ?? 500;
    if (events.length <= chunk) return this.parse(events, await this.run(...this.scriptArgs(events)));
    // Scripts block Redis while they run: big batches become several bounded script calls, sent
    // together in one pipeline (still one network round trip).
    const pipeline = this.redis.pipeline() as unknown as Record<
      "antifraudWindows",
      (...a: unknown[]) => void
    > & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    const parts: (readonly CustomerEvent[])[] = [];
    for (let i = 0; i < events.length; i += chunk) parts.push(events.slice(i, i + chunk));
    for (const part of parts) pipeline.antifraudWindows(...this.scriptArgs(part));
    const replies = (await pipeline.exec()) ?? [];
    return parts.flatMap((part, i) => {
      const [err, reply] = replies[i] ?? [new Error("missing pipeline reply"), null];
      if (err) throw err;
      return this.parse(part, reply as (string | number)[]);
    });
  }

  private scriptArgs(events: readonly CustomerEvent[]): [number, ...(string | number)[]] {
    const { keyPrefix, latenessSeconds, ttlSeconds } = this.options;
    const nw = this.windowSeconds.length;
    const maxWindow = this.windowSeconds[nw - 1]!;
    const keys: string[] = new Array(events.length * 2);
    const args: (string | number)[] = [nw, ...this.windowSeconds, maxWindow + latenessSeconds, ttlSeconds];
    events.forEach((e, i) => {
      keys[2 * i] = `${keyPrefix}cw:{${e.customerId}}:z`;
      keys[2 * i + 1] = `${keyPrefix}cw:{${e.customerId}}:h`;
      args.push(String(e.transactionId), e.timeSeconds, String(e.amount));
    });
    return [keys.length, ...keys, ...args];
  }

  private parse(events: readonly CustomerEvent[], reply: (string | number)[]): CustomerWindowStats[] {
    const nw = this.windowSeconds.length;
    return events.map((_, i) => {
      const counts = new Array<number>(nw);
      const sums = new Array<number>(nw);
      for (let w = 0; w < nw; w++) {
        counts[w] = Number(reply[i * 2 * nw + 2 * w]);
        sums[w] = Number(reply[i * 2 * nw + 2 * w + 1]);
      }
      return { counts, sums };
    });
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
