import fc from "fast-check";
import { computeFeatureRow, planFeatures } from "../../src/features/compute";
import { parseFeatureSpec } from "../../src/features/spec";
import type { Transaction } from "../../src/features/transaction";
import { MemoryCustomerWindowStore } from "../../src/store/memory-customer-window-store";
import { TerminalSnapshot } from "../../src/terminal/snapshot";
import { sampleTx, spec, validTx } from "../helpers";

const plan = planFeatures(spec, spec);

const tx = (id: number, datetime: string, amount: number, customer = 42, terminal = 7): Transaction =>
  validTx(
    sampleTx({
      transaction_id: id,
      tx_datetime: datetime,
      tx_amount: amount,
      customer_id: customer,
      terminal_id: terminal,
    }),
  );

const snapshot = TerminalSnapshot.fromRows("2019-09-20", [
  { terminal_id: 7, day: "2019-09-10", tx_count: 10, fraud_count: 2 },
  { terminal_id: 7, day: "2019-09-13", tx_count: 5, fraud_count: 0 },
  { terminal_id: 7, day: "2019-09-14", tx_count: 100, fraud_count: 100 },
]);

describe("feature spec", () => {
  test("the contract file yields the ordered names and the lookups the online side needs", () => {
    expect(spec.names[0]).toBe("tx_amount");
    expect(spec.names).toHaveLength(spec.features.length);
    expect(spec.customerWindows).toEqual([1, 7, 30]);
    expect(spec.terminalWindows).toEqual([
      { windowDays: 1, delayDays: 7 },
      { windowDays: 7, delayDays: 7 },
      { windowDays: 30, delayDays: 7 },
    ]);
  });

  const base = { spec_version: "1.0.0", timezone: "UTC", kinds: { tx_amount: "", during_night: "" } };
  test("rejects unknown kinds, missing parameters, duplicates and undocumented kinds", () => {
    expect(() => parseFeatureSpec({ ...base, features: [{ name: "a", kind: "magic" }] })).toThrow();
    expect(() => parseFeatureSpec({ ...base, features: [{ name: "a", kind: "during_night" }] })).toThrow();
    expect(() =>
      parseFeatureSpec({
        ...base,
        features: [
          { name: "a", kind: "tx_amount" },
          { name: "a", kind: "tx_amount" },
        ],
      }),
    ).toThrow(/duplicate/);
    expect(() =>
      parseFeatureSpec({ ...base, features: [{ name: "c", kind: "customer_count", window_days: 3 }] }),
    ).toThrow(/not described/);
  });

  test("every kind is computed generically, including kinds the current list does not use", () => {
    const custom = parseFeatureSpec({
      spec_version: "9.9.9",
      timezone: "UTC",
      kinds: Object.fromEntries(
        ["tx_amount", "customer_amount_ratio", "terminal_risk", "during_night", "customer_max_over_avg"].map(
          (k) => [k, "x"],
        ),
      ),
      features: [
        { name: "ratio_2d", kind: "customer_amount_ratio", window_days: 2 },
        { name: "night_until_13", kind: "during_night", night_end_hour: 13 },
        { name: "risk_2d_delay_8", kind: "terminal_risk", window_days: 2, delay_days: 8 },
        { name: "max_2d_over_avg_2d", kind: "customer_max_over_avg", window_days: 2, avg_window_days: 2 },
      ],
    });
    const t = tx(5, "2019-09-21 13:45:00", 60);
    // Days [09-11, 09-13) hold only 09-12 -> none for terminal 7, so risk is 0.
    const row = computeFeatureRow(
      planFeatures(custom, custom),
      t,
      { counts: [3], sums: [90], maxes: [50] },
      snapshot.stats(7, t.timeSeconds, custom.terminalWindows),
    );
    expect(row).toEqual([2, 1, 0, 50 / 30]);
  });
});

describe("customer windows (memory store)", () => {
  const history = [
    tx(1, "2019-08-22 13:45:00", 1000), // exactly 30 days before: outside (t - 30d, t]
    tx(2, "2019-08-22 13:45:01", 10),
    tx(3, "2019-09-14 13:45:00", 20), // exactly 7 days before: outside the 7-day window
    tx(4, "2019-09-20 13:45:01", 30),
    tx(9, "2019-09-22 00:00:00", 999), // later than the scored transaction: never counted
    tx(10, "2019-09-21 10:00:00", 5, 43), // another customer
  ];
  const current = tx(5, "2019-09-21 13:45:00", 40);

  test("hand-computed row for a Saturday afternoon transaction", async () => {
    const store = new MemoryCustomerWindowStore(spec.customerWindows);
    await store.recordAndQuery(history);
    const [stats] = await store.recordAndQuery([current]);
    expect(stats).toEqual({ counts: [2, 2, 4], sums: [70, 70, 100], maxes: [40, 40, 40] });
    const row = computeFeatureRow(
      plan,
      current,
      stats!,
      snapshot.stats(7, current.timeSeconds, spec.terminalWindows),
    );
    expect(Object.fromEntries(spec.names.map((n, i) => [n, row[i]]))).toEqual({
      tx_amount: 40,
      tx_during_weekend: 1,
      tx_during_night: 0,
      customer_nb_tx_1d: 2,
      customer_avg_amount_1d: 35,
      customer_nb_tx_7d: 2,
      customer_avg_amount_7d: 35,
      customer_nb_tx_30d: 4,
      customer_avg_amount_30d: 25,
      // D = 09-21, delay 7: 1d = [09-13, 09-14) -> 5 tx, 0 fraud; 7d and 30d add 09-10 -> 15 tx, 2 fraud.
      // 09-14 itself (100 frauds) is inside the delay and must not count.
      terminal_nb_tx_1d: 5,
      terminal_risk_1d: 0,
      terminal_nb_tx_7d: 15,
      terminal_risk_7d: 2 / 15,
      terminal_nb_tx_30d: 15,
      terminal_risk_30d: 2 / 15,
      customer_amount_ratio_1d: 40 / 35,
      customer_amount_ratio_7d: 40 / 35,
      customer_amount_ratio_30d: 40 / 25,
      customer_max_amount_7d_over_avg_30d: 40 / 25,
    });
  });

  test("same-second ties count only ids up to the current one, whatever the arrival order", async () => {
    const store = new MemoryCustomerWindowStore(spec.customerWindows);
    const later = await store.recordAndQuery([
      tx(12, "2019-09-21 13:45:00", 3),
      tx(2, "2019-09-21 13:45:00", 5),
    ]);
    expect(later.map((s) => s.counts[0])).toEqual([1, 1]);
    // Recorded once each, so now the larger id sees both, the smaller still only itself.
    const again = await store.recordAndQuery([
      tx(12, "2019-09-21 13:45:00", 3),
      tx(2, "2019-09-21 13:45:00", 5),
    ]);
    expect(again.map((s) => [s.counts[0], s.sums[0]])).toEqual([
      [2, 8],
      [1, 5],
    ]);
  });

  test("a replayed transaction is counted once", async () => {
    const store = new MemoryCustomerWindowStore(spec.customerWindows);
    await store.recordAndQuery(history);
    const first = await store.recordAndQuery([current]);
    const again = await store.recordAndQuery([current, { ...current, amount: 1e6 }]);
    expect(again).toEqual([first[0], first[0]]);
  });

  test("night and weekday flags at the boundaries", () => {
    const empty = { counts: [1, 1, 1], sums: [1, 1, 1], maxes: [1, 1, 1] };
    const at = (dt: string) => {
      const t = tx(1, dt, 1);
      const row = computeFeatureRow(plan, t, empty, snapshot.stats(999, t.timeSeconds, spec.terminalWindows));
      return [row[1], row[2]];
    };
    expect(at("2019-09-23 06:59:59")).toEqual([0, 1]); // Monday, hour 6
    expect(at("2019-09-23 07:00:00")).toEqual([0, 0]);
    expect(at("2019-09-22 23:59:59")).toEqual([1, 0]); // Sunday
    expect(at("2019-09-20 23:59:59")).toEqual([0, 0]); // Friday
  });

  test("property: replaying any subset leaves the windows as if each transaction came once", async () => {
    const event = fc.record({
      c: fc.integer({ min: 0, max: 3 }),
      t: fc.integer({ min: 0, max: 40 * 86400 }),
      a: fc.integer({ min: 1, max: 1000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat()),
        async (events, replays) => {
          const evs = events.map((e, i) => ({
            transactionId: i,
            customerId: e.c,
            timeSeconds: e.t,
            amount: e.a,
          }));
          const probes = [0, 1, 2, 3].map((c) => ({
            transactionId: `probe-${c}`,
            customerId: c,
            timeSeconds: 41 * 86400,
            amount: 1,
          }));
          const clean = new MemoryCustomerWindowStore(spec.customerWindows);
          const replayed = new MemoryCustomerWindowStore(spec.customerWindows);
          await clean.recordAndQuery(evs);
          await replayed.recordAndQuery(evs);
          await replayed.recordAndQuery(replays.map((r) => ({ ...evs[r % evs.length]!, amount: 7777 })));
          expect(await replayed.recordAndQuery(probes)).toEqual(await clean.recordAndQuery(probes));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("terminal snapshot", () => {
  test("unknown terminals have zero counts and zero risk", () => {
    expect(snapshot.stats(12345, 1_569_000_000, spec.terminalWindows)).toEqual({
      txCounts: [0, 0, 0],
      fraudCounts: [0, 0, 0],
    });
  });

  test("rejects days after as_of_day, duplicate days and frauds above the count", () => {
    expect(() =>
      TerminalSnapshot.fromRows("2019-09-20", [
        { terminal_id: 1, day: "2019-09-21", tx_count: 1, fraud_count: 0 },
      ]),
    ).toThrow(/after/);
    expect(() =>
      TerminalSnapshot.fromRows("2019-09-20", [
        { terminal_id: 1, day: "2019-09-01", tx_count: 1, fraud_count: 0 },
        { terminal_id: 1, day: "2019-09-01", tx_count: 2, fraud_count: 0 },
      ]),
    ).toThrow(/twice/);
  });
});
