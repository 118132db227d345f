import fc from "fast-check";
import type Redis from "ioredis";
import type { CustomerEvent } from "../../src/store/customer-window-store";
import { MemoryCustomerWindowStore } from "../../src/store/memory-customer-window-store";
import { RedisCustomerWindowStore } from "../../src/store/redis-customer-window-store";
import { spec } from "../helpers";
import { ensureRedis, redisClient, uniquePrefix } from "./services";

let redis: Awaited<ReturnType<typeof ensureRedis>>;
let client: Redis;

beforeAll(async () => {
  redis = await ensureRedis();
  client = redisClient(redis.url);
});
afterAll(async () => {
  await client.quit();
  await redis.stop();
});

const store = (prefix: string) =>
  new RedisCustomerWindowStore(client, {
    windowDays: spec.customerWindows,
    keyPrefix: prefix,
    latenessSeconds: 86400,
    ttlSeconds: 3600 * 24 * 40,
  });

const expectClose = (
  actual: { counts: readonly number[]; sums: readonly number[] }[],
  expected: typeof actual,
) => {
  expect(actual.map((s) => s.counts)).toEqual(expected.map((s) => s.counts));
  actual.forEach((s, i) =>
    s.sums.forEach((sum, w) => {
      const e = expected[i]!.sums[w]!;
      expect(Math.abs(sum - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
    }),
  );
};

describe("Redis customer windows", () => {
  test("property: equal to the in-memory reference for shuffled, replayed, same-second streams", async () => {
    const event = fc.record({
      c: fc.integer({ min: 0, max: 4 }),
      t: fc.integer({ min: 0, max: 12 }).map((d) => 1_567_000_000 + d * 43_200 + (d % 3)),
      a: fc.integer({ min: 1, max: 100_000 }).map((x) => x / 100),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (raw, replays) => {
          const events: CustomerEvent[] = raw.map((e, i) => ({
            transactionId: i,
            customerId: e.c,
            timeSeconds: e.t,
            amount: e.a,
          }));
          const stream = [...events, ...replays.map((r) => events[r % events.length]!)];
          const memory = new MemoryCustomerWindowStore(spec.customerWindows);
          const redisStore = store(uniquePrefix("prop"));
          const half = Math.floor(stream.length / 2);
          // Two batches, to cover state carried between round trips.
          const actual = [
            ...(await redisStore.recordAndQuery(stream.slice(0, half))),
            ...(await redisStore.recordAndQuery(stream.slice(half))),
          ];
          const expected = [
            ...(await memory.recordAndQuery(stream.slice(0, half))),
            ...(await memory.recordAndQuery(stream.slice(half))),
          ];
          expectClose(actual, expected);
        },
      ),
      { numRuns: 25 },
    );
  });

  test("a big batch with replays and out-of-order times equals the reference", async () => {
    const fresh = Array.from({ length: 1000 }, (_, i) => ({
      transactionId: i,
      customerId: i % 7,
      timeSeconds: 1_567_000_000 + ((i * 7919) % 1000) * 600,
      amount: 1 + (i % 13),
    }));
    const events = [...fresh, ...Array.from({ length: 200 }, (_, i) => fresh[(i * 31) % 1000]!)];
    const memory = new MemoryCustomerWindowStore(spec.customerWindows);
    expectClose(await store(uniquePrefix("big")).recordAndQuery(events), await memory.recordAndQuery(events));
  });

  test("one pipeline per batch: per customer one ZADD NX per new member and one range read; keys expire", async () => {
    const prefix = uniquePrefix("rtt");
    const s = store(prefix);
    await s.recordAndQuery([{ transactionId: "warm", customerId: 1, timeSeconds: 1_567_000_000, amount: 1 }]);
    const calls = async () => {
      const info = await client.info("commandstats");
      return Object.fromEntries(
        [...info.matchAll(/cmdstat_(\w+):calls=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]),
      );
    };
    const events = Array.from({ length: 500 }, (_, i) => ({
      transactionId: i,
      customerId: i % 37,
      timeSeconds: 1_567_000_000 + i,
      amount: 1 + i,
    }));
    const pipelines = jest.spyOn(client, "pipeline");
    const before = await calls();
    const stats = await s.recordAndQuery([...events, events[0]!]);
    const after = await calls();
    expect(pipelines).toHaveBeenCalledTimes(1);
    pipelines.mockRestore();
    const delta = (c: string) => (after[c] ?? 0) - (before[c] ?? 0);
    expect(delta("zadd")).toBe(500);
    expect(delta("zrangebyscore")).toBe(37);
    expect(delta("zremrangebyscore")).toBe(37);
    expect(delta("expire")).toBe(37);
    expect(delta("evalsha") + delta("eval")).toBe(0);
    expect(stats).toHaveLength(501);
    expect(stats[499]!.counts).toEqual([14, 14, 14]); // customer 18: i = 18, 55, ..., 499
    expect(stats[500]!.counts).toEqual([1, 1, 1]); // the replay of tx 0 (first of its customer) is not counted twice
    const ttl = await client.ttl(`${prefix}cw:{18}:z`);
    expect(ttl).toBeGreaterThan(3600 * 24 * 39);
  });

  test("entries older than the largest window plus lateness are trimmed, keeping memory bounded", async () => {
    const prefix = uniquePrefix("trim");
    const s = store(prefix);
    const day = 86_400;
    const stats = await s.recordAndQuery([
      { transactionId: 1, customerId: 9, timeSeconds: 0 + 1_500_000_000, amount: 5 },
      { transactionId: 2, customerId: 9, timeSeconds: 1_500_000_000 + 20 * day, amount: 5 },
      { transactionId: 3, customerId: 9, timeSeconds: 1_500_000_000 + 32 * day, amount: 5 },
    ]);
    expect(stats.map((x) => x.counts)).toEqual([
      [1, 1, 1],
      [1, 1, 2],
      [1, 1, 2],
    ]);
    expect(await client.zrange(`${prefix}cw:{9}:z`, 0, -1)).toEqual(["5|2", "5|3"]);
  });
});
