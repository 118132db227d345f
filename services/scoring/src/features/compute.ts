import type { FeatureSpec } from "./spec";
import type { Transaction } from "./transaction";
import { utcHour, utcWeekday } from "./time";

/** Count and amount sum of one customer window per spec.customerWindows entry (same order). */
export interface CustomerWindowStats {
  counts: readonly number[];
  sums: readonly number[];
}

/** Transaction and fraud counts of one terminal window per spec.terminalWindows entry (same order). */
export interface TerminalWindowStats {
  txCounts: readonly number[];
  fraudCounts: readonly number[];
}

/**
 * Computes one feature row in spec order (float64, before the float32 cast for the model).
 * Pure: all state comes in through the window stats.
 */
export function computeFeatureRow(
  spec: FeatureSpec,
  tx: Transaction,
  customer: CustomerWindowStats,
  terminal: TerminalWindowStats,
): number[] {
  return spec.features.map((f) => {
    switch (f.kind) {
      case "tx_amount":
        return tx.amount;
      case "during_weekend": {
        const dow = utcWeekday(tx.timeSeconds);
        return dow === 0 || dow === 6 ? 1 : 0;
      }
      case "during_night":
        return utcHour(tx.timeSeconds) <= f.night_end_hour ? 1 : 0;
      case "customer_count":
        return customerStat(spec, customer, f.window_days).count;
      case "customer_avg_amount": {
        const s = customerStat(spec, customer, f.window_days);
        return s.sum / s.count;
      }
      case "customer_amount_ratio": {
        const s = customerStat(spec, customer, f.window_days);
        return tx.amount / (s.sum / s.count);
      }
      case "terminal_count":
        return terminalStat(spec, terminal, f.window_days, f.delay_days).tx;
      case "terminal_risk": {
        const s = terminalStat(spec, terminal, f.window_days, f.delay_days);
        return s.tx === 0 ? 0 : s.fraud / s.tx;
      }
    }
  });
}

function customerStat(spec: FeatureSpec, stats: CustomerWindowStats, windowDays: number) {
  const i = spec.customerWindows.indexOf(windowDays);
  const count = stats.counts[i];
  const sum = stats.sums[i];
  // The current transaction is always inside its own windows, so an empty window is a store bug.
  if (count === undefined || sum === undefined || count < 1) {
    throw new Error(`customer window ${windowDays}d missing or empty`);
  }
  return { count, sum };
}

function terminalStat(spec: FeatureSpec, stats: TerminalWindowStats, windowDays: number, delayDays: number) {
  const i = spec.terminalWindows.findIndex((w) => w.windowDays === windowDays && w.delayDays === delayDays);
  const tx = stats.txCounts[i];
  const fraud = stats.fraudCounts[i];
  if (tx === undefined || fraud === undefined)
    throw new Error(`terminal window ${windowDays}d/${delayDays}d missing`);
  return { tx, fraud };
}
