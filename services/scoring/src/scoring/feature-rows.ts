import { ScoringError } from "../errors/catalogue";
import { computeFeatureRow, type FeaturePlan } from "../features/compute";
import type { Transaction } from "../features/transaction";
import type { Metrics } from "../metrics/metrics";
import type { CustomerWindowStore } from "../store/customer-window-store";
import type { TerminalSnapshot } from "../terminal/snapshot";

/** Read access to whatever is in service right now (a hot reloader). */
export interface Current<T> {
  readonly current: T | null;
}

export interface FeatureRowsDeps {
  snapshots: Current<TerminalSnapshot>;
  store: CustomerWindowStore;
  metrics: Metrics;
}

/**
 * Features (float64, in the order of the plan's spec: the model's) for each transaction of a batch,
 * recorded in the customer windows on the way: one feature-store round trip, terminal windows from
 * the snapshot in service. The scorer's only feature path, so the Spark parity test checks exactly
 * what is scored.
 */
export type FeatureRows = (txs: readonly Transaction[], plan: FeaturePlan) => Promise<number[][]>;

export function createFeatureRows({ snapshots, store, metrics }: FeatureRowsDeps): FeatureRows {
  return async (txs, plan) => {
    const snapshot = snapshots.current;
    if (snapshot === null) throw new ScoringError("FEATURES_NOT_LOADED");
    const started = process.hrtime.bigint();
    let customer;
    try {
      customer = await store.recordAndQuery(txs);
      metrics.featureStoreUp.set(1);
    } catch (err) {
      metrics.featureStoreUp.set(0);
      const code = isCommandTimeout(err) ? "FEATURE_STORE_TIMEOUT" : "FEATURE_STORE_UNAVAILABLE";
      throw new ScoringError(code, undefined, null, { cause: err });
    }
    metrics.featureStoreDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    const windows = plan.spec.terminalWindows;
    return txs.map((tx, i) =>
      computeFeatureRow(plan, tx, customer[i]!, snapshot.stats(tx.terminalId, tx.timeSeconds, windows)),
    );
  };
}

/** ioredis rejects a command that outlived `commandTimeout` with exactly this message. */
function isCommandTimeout(err: unknown): boolean {
  return err instanceof Error && err.message === "Command timed out";
}
