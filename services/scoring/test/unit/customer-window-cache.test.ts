import fc from "fast-check";
import { CustomerWindow, CustomerWindowCache } from "../../src/store/customer-window-cache";
import { compareTransactionIds } from "../../src/store/customer-window-rule";
import { MemoryCustomerWindowStore } from "../../src/store/memory-customer-window-store";

const entries = (w: CustomerWindow) => w.times.map((t, i) => [t, w.ids[i], w.amounts[i]]);

describe("CustomerWindow", () => {
  test("inserts in (time, id) order, ids of digits compared as numbers", () => {
    const w = new CustomerWindow("v1");
    w.insert(20, 1, "7", 1, 0);
    w.insert(10, 2, "3", 1, 1);
    w.insert(20, 3, "10", 1, 2);
    w.insert(20, 4, "9", 1, 3);
    w.insert(30, 5, "1", 1, 4);
    expect(entries(w)).toEqual([
      [10, "3", 2],
      [20, "7", 1],
      [20, "9", 4],
      [20, "10", 3],
      [30, "1", 5],
    ]);
    expect(w.recordedAtPosition).toEqual([1, 0, 3, 2, 4]);
  });

  test("property: any insertion order gives the sorted columns", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 1000 }), { maxLength: 40 }), (ids) => {
        const w = new CustomerWindow("");
        ids.forEach((id) => w.insert(id % 7, id, String(id), 0, 0));
        const sorted = [...ids].sort((a, b) => (a % 7) - (b % 7) || a - b);
        expect(w.ids).toEqual(sorted.map(String));
        expect(w.times).toEqual(sorted.map((id) => id % 7));
      }),
    );
  });

  test("trimBefore drops times strictly below the bound; firstAfter finds the first time above it", () => {
    const w = new CustomerWindow("");
    [5, 10, 10, 15].forEach((t, i) => w.insert(t, 1, String(i), 0, 0));
    expect(w.firstAfter(10)).toBe(3);
    expect(w.firstAfter(4)).toBe(0);
    expect(w.firstAfter(15)).toBe(4);
    w.trimBefore(10);
    expect(w.times).toEqual([10, 10, 15]);
    w.trimBefore(3);
    expect(w.size).toBe(3);
  });
});

describe("CustomerWindowCache", () => {
  test("evicts the least recently used customer beyond its size", () => {
    const cache = new CustomerWindowCache(2);
    cache.set(1, new CustomerWindow("a"));
    cache.set(2, new CustomerWindow("b"));
    expect(cache.get(1)?.version).toBe("a"); // 1 is now the most recent
    cache.set(3, new CustomerWindow("c"));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)?.version).toBe("a");
    expect(cache.get(3)?.version).toBe("c");
    expect(cache.size).toBe(2);
  });

  test.each([0, -1, 1.5, Number.NaN])("rejects size %p", (size) => {
    expect(() => new CustomerWindowCache(size)).toThrow("maxCustomers must be a positive integer");
  });
});

describe("compareTransactionIds", () => {
  test.each([
    ["9", "10", -1], // both digits: as numbers
    ["10", "9", 1],
    ["10", "10", 0],
    ["10", "9a", -1], // otherwise as strings
    ["b", "a", 1],
    ["a", "b", -1],
    ["a", "a", 0],
  ])("%s vs %s -> %i", (a, b, sign) => {
    expect(Math.sign(compareTransactionIds(a, b))).toBe(sign);
  });
});

describe("CustomerWindow order of equal entries and its batch columns", () => {
  test("a second entry with the same time and id goes after the first", () => {
    const w = new CustomerWindow("v1");
    w.insert(10, 1, "5", 0, 0);
    w.insert(10, 2, "5", 1, 1);
    expect([w.amounts, w.recordedByBatch, w.recordedAtPosition]).toEqual([
      [1, 2],
      [0, 1],
      [0, 1],
    ]);
  });

  test("a cache of one customer is allowed", () => {
    expect(new CustomerWindowCache(1).maxCustomers).toBe(1);
  });
});

describe("MemoryCustomerWindowStore same-second ties", () => {
  test("compares ids only within the same second", async () => {
    const store = new MemoryCustomerWindowStore([1]);
    const stats = await store.recordAndQuery([
      { transactionId: "5", customerId: 7, timeSeconds: 100_000, amount: 1 },
      { transactionId: "3", customerId: 7, timeSeconds: 100_100, amount: 2 },
    ]);
    expect(stats).toEqual([
      { counts: [1], sums: [1], maxes: [1] },
      { counts: [2], sums: [3], maxes: [2] },
    ]);
  });

  test("counts same-second transactions only up to the event's own id", async () => {
    const store = new MemoryCustomerWindowStore([1]);
    const at = (transactionId: string, amount: number, timeSeconds = 100_000) => ({
      transactionId,
      customerId: 7,
      timeSeconds,
      amount,
    });
    const stats = await store.recordAndQuery([
      at("2", 1),
      at("10", 10),
      at("1", 100),
      at("0", 1000, 100_000 - 86_400),
    ]);
    // "10" sees 2 and itself; "1" only itself; the day-old "0" is outside the others' 1-day window
    expect(stats).toEqual([
      { counts: [1], sums: [1], maxes: [1] },
      { counts: [2], sums: [11], maxes: [10] },
      { counts: [1], sums: [100], maxes: [100] },
      { counts: [1], sums: [1000], maxes: [1000] },
    ]);
  });
});
