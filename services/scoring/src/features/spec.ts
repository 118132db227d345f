import {
  loadFeatureSpec as loadContractSpec,
  parseBundleFeatures as parseContractBundle,
  parseFeatureSpec as parseContractSpec,
  type FeatureDefinition,
} from "@antifraud/contracts";

// The schema is the contract's (services/contracts/src/feature-spec.ts); this module derives what the
// online side must look up to compute a spec's features.

/** A terminal window: whole UTC days [D - delay - window, D - delay). */
export interface TerminalWindow {
  windowDays: number;
  delayDays: number;
}

/** The parsed spec plus what the online side must look up to compute it. */
export interface FeatureSpec {
  version: string;
  features: readonly FeatureDefinition[];
  names: readonly string[];
  /** Distinct customer window lengths in days, ascending. */
  customerWindows: readonly number[];
  /** Distinct terminal windows, in first-use order. */
  terminalWindows: readonly TerminalWindow[];
}

export function parseFeatureSpec(json: unknown): FeatureSpec {
  const spec = parseContractSpec(json);
  return specOf(spec.spec_version, spec.features);
}

/** A bundle's features.json: the version and feature list the model was trained on. */
export function parseBundleFeatures(json: unknown): FeatureSpec {
  const bundle = parseContractBundle(json);
  return specOf(bundle.spec_version, bundle.features);
}

function specOf(version: string, features: readonly FeatureDefinition[]): FeatureSpec {
  const names = features.map((f) => f.name);
  const customerWindows = new Set<number>();
  const terminalWindows: TerminalWindow[] = [];
  for (const f of features) {
    if (
      f.kind === "customer_count" ||
      f.kind === "customer_avg_amount" ||
      f.kind === "customer_amount_ratio"
    ) {
      customerWindows.add(f.window_days);
    }
    if (f.kind === "customer_max_over_avg") {
      customerWindows.add(f.window_days);
      customerWindows.add(f.avg_window_days);
    }
    if (f.kind === "terminal_count" || f.kind === "terminal_risk") {
      const known = terminalWindows.some(
        (w) => w.windowDays === f.window_days && w.delayDays === f.delay_days,
      );
      if (!known) terminalWindows.push({ windowDays: f.window_days, delayDays: f.delay_days });
    }
  }
  return {
    version,
    features,
    names,
    customerWindows: [...customerWindows].sort((a, b) => a - b),
    terminalWindows,
  };
}

export function loadFeatureSpec(path: string): FeatureSpec {
  const spec = loadContractSpec(path);
  return specOf(spec.spec_version, spec.features);
}
