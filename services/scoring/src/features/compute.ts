import type { FeatureDefinition } from "@antifraud/contracts";
import type { CustomerWindowStats } from "../store/customer-window-store";
import type { TerminalWindowStats } from "../terminal/snapshot";
import type { FeatureSpec } from "./spec";
import type { Transaction } from "./transaction";
import { utcHour, utcWeekday } from "./time";

/** Reads one feature of a transaction from its window stats. */
type FeatureReader = (
  tx: Transaction,
  customer: CustomerWindowStats,
  terminal: TerminalWindowStats,
) => number;

/**
 * A model's feature spec bound to the windows the service computes: the customer windows the store
 * keeps (stats arrive in that order) and the terminal windows the snapshot is asked for. Built once
 * per model, so a bundle trained on an earlier spec version is served with its own features.
 */
export interface FeaturePlan {
  readonly spec: FeatureSpec;
  readonly readers: readonly FeatureReader[];
}

/** Thrown when a spec needs a window the service does not compute. */
export class UnservableSpec extends Error {}

/** The windows the service computes: the store's customer windows, the snapshot's terminal windows. */
export type ServedWindows = Pick<FeatureSpec, "customerWindows" | "terminalWindows">;

export function planFeatures(spec: FeatureSpec, served: ServedWindows): FeaturePlan {
  const storeWindows = served.customerWindows;
  const missing = spec.customerWindows.filter((d) => !storeWindows.includes(d));
  if (missing.length > 0) {
    throw new UnservableSpec(
      `feature spec ${spec.version} needs customer windows of ${missing.join(", ")} days; the store keeps ${storeWindows.join(", ")}`,
    );
  }
  const unheld = spec.terminalWindows.filter(
    (w) => !served.terminalWindows.some((s) => s.windowDays === w.windowDays && s.delayDays === w.delayDays),
  );
  if (unheld.length > 0) {
    throw new UnservableSpec(
      `feature spec ${spec.version} needs terminal windows the snapshot does not hold: ${unheld
        .map((w) => `${w.windowDays}d after ${w.delayDays}d`)
        .join(", ")}`,
    );
  }
  return { spec, readers: spec.features.map((f) => featureReader(spec, storeWindows, f)) };
}

/**
 * Computes one feature row in spec order (float64, before the float32 cast for the model).
 * Pure: all state comes in through the window stats (customer: in the plan's store window order;
 * terminal: in the plan spec's terminalWindows order).
 */
export function computeFeatureRow(
  plan: FeaturePlan,
  tx: Transaction,
  customer: CustomerWindowStats,
  terminal: TerminalWindowStats,
): number[] {
  const { readers } = plan;
  const row = new Array<number>(readers.length);
  for (let i = 0; i < readers.length; i++) row[i] = readers[i]!(tx, customer, terminal);
  return row;
}

function featureReader(
  spec: FeatureSpec,
  storeWindows: readonly number[],
  f: FeatureDefinition,
): FeatureReader {
  switch (f.kind) {
    case "tx_amount":
      return (tx) => tx.amount;
    case "during_weekend":
      return (tx) => {
        const dow = utcWeekday(tx.timeSeconds);
        return dow === 0 || dow === 6 ? 1 : 0;
      };
    case "during_night": {
      const nightEnd = f.night_end_hour;
      return (tx) => (utcHour(tx.timeSeconds) <= nightEnd ? 1 : 0);
    }
    case "customer_count": {
      const i = storeWindows.indexOf(f.window_days);
      return (_tx, customer) => customerCount(customer, i, f.window_days);
    }
    case "customer_avg_amount": {
      const i = storeWindows.indexOf(f.window_days);
      return (_tx, customer) => customerSum(customer, i) / customerCount(customer, i, f.window_days);
    }
    case "customer_amount_ratio": {
      const i = storeWindows.indexOf(f.window_days);
      return (tx, customer) =>
        tx.amount / (customerSum(customer, i) / customerCount(customer, i, f.window_days));
    }
    case "customer_max_over_avg": {
      const i = storeWindows.indexOf(f.window_days);
      const a = storeWindows.indexOf(f.avg_window_days);
      return (_tx, customer) =>
        customerMax(customer, i, f.window_days) /
        (customerSum(customer, a) / customerCount(customer, a, f.avg_window_days));
    }
    case "terminal_count": {
      const i = terminalWindowIndex(spec, f.window_days, f.delay_days);
      return (_tx, _customer, terminal) => terminalStat(terminal, i, f.window_days, f.delay_days).tx;
    }
    case "terminal_risk": {
      const i = terminalWindowIndex(spec, f.window_days, f.delay_days);
      return (_tx, _customer, terminal) => {
        const s = terminalStat(terminal, i, f.window_days, f.delay_days);
        return s.tx === 0 ? 0 : s.fraud / s.tx;
      };
    }
  }
}

function customerCount(stats: CustomerWindowStats, i: number, windowDays: number): number {
  const count = stats.counts[i];
  // The current transaction is always inside its own windows, so an empty window is a store bug.
  if (count === undefined || stats.sums[i] === undefined || stats.maxes[i] === undefined || count < 1) {
    throw new Error(`customer window ${windowDays}d missing or empty`);
  }
  return count;
}

const customerSum = (stats: CustomerWindowStats, i: number): number => stats.sums[i]!;

const customerMax = (stats: CustomerWindowStats, i: number, windowDays: number): number => {
  customerCount(stats, i, windowDays);
  return stats.maxes[i]!;
};

function terminalWindowIndex(spec: FeatureSpec, windowDays: number, delayDays: number): number {
  return spec.terminalWindows.findIndex((w) => w.windowDays === windowDays && w.delayDays === delayDays);
}

function terminalStat(stats: TerminalWindowStats, i: number, windowDays: number, delayDays: number) {
  const tx = stats.txCounts[i];
  const fraud = stats.fraudCounts[i];
  if (tx === undefined || fraud === undefined)
    throw new Error(`terminal window ${windowDays}d/${delayDays}d missing`);
  return { tx, fraud };
}
