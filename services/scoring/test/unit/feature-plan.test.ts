/**
 * What the online side derives from a spec (the customer and terminal windows to look up) and how a
 * plan binds each feature kind to the served windows: every kind read from the right window, the
 * refusals naming what is missing, and store bugs (empty or absent windows) failing loudly. Specs are
 * parsed inside each test, so each case exercises the code it names.
 */
import { computeFeatureRow, planFeatures, UnservableSpec } from "../../src/features/compute";
import { parseBundleFeatures, parseFeatureSpec } from "../../src/features/spec";
import type { Transaction } from "../../src/features/transaction";
import { sampleTx, validTx } from "../helpers";

type Feature = Record<string, unknown> & { name: string; kind: string };

const ALL_KINDS = [
  "tx_amount",
  "during_weekend",
  "during_night",
  "customer_count",
  "customer_avg_amount",
  "customer_amount_ratio",
  "customer_max_over_avg",
  "terminal_count",
  "terminal_risk",
];

const specOf = (features: Feature[]) =>
  parseFeatureSpec({
    spec_version: "9.9.9",
    timezone: "UTC",
    kinds: Object.fromEntries(ALL_KINDS.map((k) => [k, "x"])),
    features,
  });

const tx = (datetime: string, amount: number): Transaction =>
  validTx(sampleTx({ transaction_id: 1, tx_datetime: datetime, tx_amount: amount }));

describe("the lookups a spec needs", () => {
  test.each<[string, Feature[], number[], { windowDays: number; delayDays: number }[]]>([
    [
      "no window kinds",
      [
        { name: "a", kind: "tx_amount" },
        { name: "w", kind: "during_weekend" },
      ],
      [],
      [],
    ],
    ["customer_count", [{ name: "c", kind: "customer_count", window_days: 3 }], [3], []],
    ["customer_avg_amount", [{ name: "c", kind: "customer_avg_amount", window_days: 4 }], [4], []],
    ["customer_amount_ratio", [{ name: "c", kind: "customer_amount_ratio", window_days: 5 }], [5], []],
    [
      "customer_max_over_avg: both windows",
      [{ name: "c", kind: "customer_max_over_avg", window_days: 6, avg_window_days: 9 }],
      [6, 9],
      [],
    ],
    [
      "terminal_count",
      [{ name: "t", kind: "terminal_count", window_days: 2, delay_days: 8 }],
      [],
      [{ windowDays: 2, delayDays: 8 }],
    ],
    [
      "terminal_risk",
      [{ name: "t", kind: "terminal_risk", window_days: 3, delay_days: 5 }],
      [],
      [{ windowDays: 3, delayDays: 5 }],
    ],
    [
      "customer windows distinct and in numeric order",
      [
        { name: "a", kind: "customer_count", window_days: 30 },
        { name: "b", kind: "customer_avg_amount", window_days: 1 },
        { name: "c", kind: "customer_amount_ratio", window_days: 7 },
        { name: "d", kind: "customer_count", window_days: 1 },
      ],
      [1, 7, 30],
      [],
    ],
    [
      "terminal windows distinct by both lengths, in first-use order",
      [
        { name: "a", kind: "terminal_count", window_days: 7, delay_days: 7 },
        { name: "b", kind: "terminal_risk", window_days: 7, delay_days: 7 },
        { name: "c", kind: "terminal_count", window_days: 1, delay_days: 7 },
        { name: "d", kind: "terminal_risk", window_days: 7, delay_days: 1 },
      ],
      [],
      [
        { windowDays: 7, delayDays: 7 },
        { windowDays: 1, delayDays: 7 },
        { windowDays: 7, delayDays: 1 },
      ],
    ],
  ])("%s", (_case, features, customerWindows, terminalWindows) => {
    const spec = specOf(features);
    expect(spec.version).toBe("9.9.9");
    expect(spec.names).toEqual(features.map((f) => f.name));
    expect(spec.customerWindows).toEqual(customerWindows);
    expect(spec.terminalWindows).toEqual(terminalWindows);
  });

  test("a bundle's features.json yields the same lookups as the spec it was trained on", () => {
    const features: Feature[] = [
      { name: "m", kind: "customer_max_over_avg", window_days: 7, avg_window_days: 30 },
      { name: "r", kind: "terminal_risk", window_days: 1, delay_days: 7 },
    ];
    const bundle = parseBundleFeatures({ spec_version: "9.9.9", features });
    expect(bundle).toEqual(specOf(features));
    expect(bundle.customerWindows).toEqual([7, 30]);
  });
});

describe("a plan over the served windows", () => {
  const every: Feature[] = [
    { name: "amount", kind: "tx_amount" },
    { name: "weekend", kind: "during_weekend" },
    { name: "night", kind: "during_night", night_end_hour: 6 },
    { name: "count_3", kind: "customer_count", window_days: 3 },
    { name: "avg_5", kind: "customer_avg_amount", window_days: 5 },
    { name: "ratio_5", kind: "customer_amount_ratio", window_days: 5 },
    { name: "max_3_over_9", kind: "customer_max_over_avg", window_days: 3, avg_window_days: 9 },
    { name: "tcount_2_8", kind: "terminal_count", window_days: 2, delay_days: 8 },
    { name: "trisk_4_6", kind: "terminal_risk", window_days: 4, delay_days: 6 },
  ];
  // The store keeps one more window than the spec needs, so a reader indexing the spec's list is wrong.
  const served = {
    customerWindows: [1, 3, 5, 9],
    terminalWindows: [
      { windowDays: 4, delayDays: 6 },
      { windowDays: 2, delayDays: 8 },
    ],
  };
  const customer = { counts: [1, 2, 4, 8], sums: [60, 100, 200, 400], maxes: [60, 70, 90, 120] };

  test.each<[string, string, number, { txCounts: number[]; fraudCounts: number[] }, number[]]>([
    [
      "Saturday before the night's end",
      "2019-09-21 05:30:00",
      60,
      { txCounts: [10, 20], fraudCounts: [1, 5] },
      [60, 1, 1, 2, 50, 1.2, 1.4, 10, 0.25],
    ],
    [
      "Sunday in the night's last hour",
      "2019-09-22 06:59:59",
      100,
      { txCounts: [10, 0], fraudCounts: [1, 0] },
      [100, 1, 1, 2, 50, 2, 1.4, 10, 0],
    ],
    [
      "Monday morning",
      "2019-09-23 07:00:00",
      25,
      { txCounts: [0, 4], fraudCounts: [0, 4] },
      [25, 0, 0, 2, 50, 0.5, 1.4, 0, 1],
    ],
  ])("reads every kind from its window: %s", (_case, datetime, amount, terminal, row) => {
    const spec = specOf(every);
    const plan = planFeatures(spec, served);
    expect(computeFeatureRow(plan, tx(datetime, amount), customer, terminal)).toEqual(row);
  });

  test("refuses a spec needing customer windows the store does not keep, naming them", () => {
    const spec = specOf([
      { name: "a", kind: "customer_count", window_days: 3 },
      { name: "b", kind: "customer_avg_amount", window_days: 7 },
      { name: "c", kind: "customer_max_over_avg", window_days: 7, avg_window_days: 14 },
    ]);
    const plan = () => planFeatures(spec, { customerWindows: [1, 7], terminalWindows: [] });
    expect(plan).toThrow(UnservableSpec);
    expect(plan).toThrow("feature spec 9.9.9 needs customer windows of 3, 14 days; the store keeps 1, 7");
  });

  test("refuses a spec needing terminal windows the snapshot does not hold; both lengths must match", () => {
    const spec = specOf([
      { name: "a", kind: "terminal_count", window_days: 2, delay_days: 8 },
      { name: "b", kind: "terminal_risk", window_days: 4, delay_days: 6 },
    ]);
    const swapped = [
      { windowDays: 2, delayDays: 6 },
      { windowDays: 4, delayDays: 8 },
    ];
    const plan = () => planFeatures(spec, { customerWindows: [], terminalWindows: swapped });
    expect(plan).toThrow(UnservableSpec);
    expect(plan).toThrow(
      "feature spec 9.9.9 needs terminal windows the snapshot does not hold: 2d after 8d, 4d after 6d",
    );
    expect(
      planFeatures(spec, { customerWindows: [], terminalWindows: [...swapped, ...spec.terminalWindows] })
        .spec,
    ).toBe(spec);
  });

  test.each([
    ["count absent", { counts: [1], sums: [60, 100], maxes: [60, 70] }],
    ["count zero", { counts: [1, 0], sums: [60, 100], maxes: [60, 70] }],
    ["sum absent", { counts: [1, 2], sums: [60], maxes: [60, 70] }],
    ["maximum absent", { counts: [1, 2], sums: [60, 100], maxes: [60] }],
  ])("a store bug fails the row instead of scoring it: customer window %s", (_case, stats) => {
    const plan = planFeatures(specOf([{ name: "c", kind: "customer_count", window_days: 3 }]), {
      customerWindows: [1, 3],
      terminalWindows: [],
    });
    expect(() =>
      computeFeatureRow(plan, tx("2019-09-21 05:30:00", 1), stats, { txCounts: [], fraudCounts: [] }),
    ).toThrow("customer window 3d missing or empty");
  });

  test.each([
    ["transaction count absent", { txCounts: [], fraudCounts: [1] }],
    ["fraud count absent", { txCounts: [1], fraudCounts: [] }],
  ])("a snapshot without the window fails the row: %s", (_case, terminal) => {
    const plan = planFeatures(
      specOf([{ name: "t", kind: "terminal_count", window_days: 2, delay_days: 8 }]),
      {
        customerWindows: [],
        terminalWindows: [{ windowDays: 2, delayDays: 8 }],
      },
    );
    const empty = { counts: [], sums: [], maxes: [] };
    expect(() => computeFeatureRow(plan, tx("2019-09-21 05:30:00", 1), empty, terminal)).toThrow(
      "terminal window 2d/8d missing",
    );
  });
});
