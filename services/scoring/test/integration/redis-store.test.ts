import fc from "fast-check";
import type Redis from "ioredis";
import type { CustomerEvent } from "../../src/store/customer-window-store";
import { MemoryCustomerWindowStore } from "../../src/store/memory-customer-window-store";
import { encodeMsgpackArray } from "../../src/store/msgpack-array";
import { RedisCustomerWindowStore } from "../../src/store/redis-customer-window-store";
import { spec } from "../helpers";
import { ensureRedis, redisClient, uniquePrefix } from "./services";

let redis: Awaited<ReturnType<typeof ensureRedis>>;
let client: Redis;

beforeAll(async () => {
  redis = await ensureRedis();
  client = redisClient(redis.url, redis.caFile);
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
          // Three batches: the first reads windows back, later ones run on the in-process copies.
          const third = Math.ceil(stream.length / 3);
          const actual = [];
          const expected = [];
          for (let i = 0; i < stream.length; i += third) {
            actual.push(...(await redisStore.recordAndQuery(stream.slice(i, i + third))));
            expected.push(...(await memory.recordAndQuery(stream.slice(i, i + third))));
          }
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

  test("one script call per batch; windows are re-read only when the in-process copy is missing or stale", async () => {
    const prefix = uniquePrefix("rtt");
    const sources: [number, number][] = [];
    const s = new RedisCustomerWindowStore(client, {
      windowDays: spec.customerWindows,
      keyPrefix: prefix,
      latenessSeconds: 86400,
      ttlSeconds: 3600 * 24 * 40,
      onWindows: (fromCopy, fromRedis) => sources.push([fromCopy, fromRedis]),
    });
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
    const roundTrips = jest.spyOn(client, "call");
    let before = await calls();
    const stats = await s.recordAndQuery([...events, events[0]!]);
    let after = await calls();
    expect(roundTrips).toHaveBeenCalledTimes(1);
    const delta = (c: string) => (after[c] ?? 0) - (before[c] ?? 0);
    expect(delta("evalsha")).toBe(1);
    expect(delta("eval")).toBe(0);
    expect(delta("zadd")).toBe(500);
    expect(delta("zrangebyscore")).toBe(36); // customer 1's copy is current since the warm-up
    expect(delta("zremrangebyscore")).toBe(37);
    expect(delta("pipeline")).toBe(0);
    expect(stats).toHaveLength(501);
    expect(stats[499]!.counts).toEqual([14, 14, 14]); // customer 18: i = 18, 55, ..., 499
    expect(stats[500]!.counts).toEqual([1, 1, 1]); // the replay of tx 0 (first of its customer) is not counted twice
    expect(await client.ttl(`${prefix}cw:{18}:z`)).toBeGreaterThan(3600 * 24 * 39);
    expect(await client.ttl(`${prefix}cw:{18}:v`)).toBeGreaterThan(3600 * 24 * 39);

    // Every copy is current now: the next batch reads no window back.
    const next = events.map((e) => ({
      ...e,
      transactionId: 1000 + e.transactionId,
      timeSeconds: e.timeSeconds + 600,
    }));
    before = await calls();
    const nextStats = await s.recordAndQuery(next);
    after = await calls();
    expect(roundTrips).toHaveBeenCalledTimes(2);
    roundTrips.mockRestore();
    expect(delta("zrangebyscore")).toBe(0);
    expect(nextStats[499]!.counts).toEqual([28, 28, 28]);
    expect(sources).toEqual([
      [0, 1],
      [1, 36],
      [37, 0],
    ]);
  });

  test("a write by another replica makes the copy stale: it is re-read, never used", async () => {
    const prefix = uniquePrefix("stale");
    const a = store(prefix);
    const b = store(prefix);
    const at = (id: number, t: number, amount: number) => ({
      transactionId: id,
      customerId: 5,
      timeSeconds: 1_567_000_000 + t,
      amount,
    });
    expect((await a.recordAndQuery([at(1, 0, 10)])).map((x) => x.sums)).toEqual([[10, 10, 10]]);
    expect((await b.recordAndQuery([at(2, 10, 20)])).map((x) => x.sums)).toEqual([[30, 30, 30]]);
    // a's copy holds only tx 1; it must see tx 2 written by b.
    expect((await a.recordAndQuery([at(3, 20, 40)])).map((x) => x.sums)).toEqual([[70, 70, 70]]);
    // b's copy is stale after a's write: b re-reads, and the replay of tx 3 is not counted twice.
    expect((await b.recordAndQuery([at(3, 20, 40), at(4, 30, 80)])).map((x) => x.sums)).toEqual([
      [70, 70, 70],
      [150, 150, 150],
    ]);
  });

  test("windows evicted from a small cache are re-read and give the same values", async () => {
    const prefix = uniquePrefix("evict");
    const small = new RedisCustomerWindowStore(client, {
      windowDays: spec.customerWindows,
      keyPrefix: prefix,
      latenessSeconds: 86400,
      ttlSeconds: 86400 * 40,
      cacheCustomers: 2,
    });
    const events = Array.from({ length: 60 }, (_, i) => ({
      transactionId: i,
      customerId: i % 5,
      timeSeconds: 1_567_000_000 + i * 3600,
      amount: 1 + i,
    }));
    const memory = new MemoryCustomerWindowStore(spec.customerWindows);
    const actual = [];
    for (let i = 0; i < events.length; i += 4)
      actual.push(...(await small.recordAndQuery(events.slice(i, i + 4))));
    expectClose(actual, await memory.recordAndQuery(events));
  });

  test("a large batch is split into bounded script calls, all sent before any reply, customers never split", async () => {
    const chunked = new RedisCustomerWindowStore(client, {
      windowDays: spec.customerWindows,
      keyPrefix: uniquePrefix("chunks"),
      latenessSeconds: 86400,
      ttlSeconds: 86400 * 40,
      maxEventsPerScriptCall: 100,
    });
    // 40 customers with 10 events each, then one customer with 150: calls of 10, 10, 10, 10 and 1 customers.
    const events = [
      ...Array.from({ length: 400 }, (_, i) => ({ customerId: i % 40, i })),
      ...Array.from({ length: 150 }, (_, i) => ({ customerId: 99, i: 400 + i })),
    ].map(({ customerId, i }) => ({
      transactionId: i,
      customerId,
      timeSeconds: 1_567_000_000 + i * 60,
      amount: 1 + (i % 17),
    }));
    const log: string[] = [];
    const original = client.call.bind(client) as (...args: unknown[]) => Promise<unknown>;
    const spy = jest.spyOn(client, "call").mockImplementation(((command: string, args: unknown[]) => {
      const customers = Number(args[1]) / 2;
      log.push(`send ${customers}`);
      return original(command, args).then((reply) => {
        log.push("reply");
        return reply;
      });
    }) as never);
    const actual = await chunked.recordAndQuery(events).finally(() => spy.mockRestore());
    expect(log).toEqual(["send 10", "send 10", "send 10", "send 10", "send 1", ...Array(5).fill("reply")]);
    expectClose(actual, await new MemoryCustomerWindowStore(spec.customerWindows).recordAndQuery(events));
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

/** Echoes what Redis's cmsgpack decoded: each item's Lua type and value (numbers at full precision). */
const ECHO = `
local items = cmsgpack.unpack(ARGV[1])
local out = {}
for i = 1, #items do
  local v = items[i]
  if type(v) == 'number' then out[i] = 'n' .. string.format('%.17g', v) else out[i] = 's' .. v end
end
return out
`;

test("Redis scripts read back exactly the strings and numbers encoded", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 40 }),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.constant(-0),
          fc.integer({ min: 0, max: 2 ** 32 }),
        ),
        { maxLength: 40 },
      ),
      async (items) => {
        const echoed = (await client.eval(ECHO, 0, encodeMsgpackArray(items))) as string[];
        expect(echoed.map((e) => (e.startsWith("n") ? Number(e.slice(1)) : e.slice(1)))).toEqual(items);
      },
    ),
    { numRuns: 200 },
  );
});
