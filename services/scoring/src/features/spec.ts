import fs from "node:fs";
import { parseFeatureSpec as parseContract, type FeatureDefinition } from "@antifraud/contracts";

export type FeatureDef = FeatureDefinition;
export type FeatureKind = FeatureDef["kind"];

/** A terminal window: whole UTC days [D - delay - window, D - delay). */
export interface TerminalWindow {
  windowDays: number;
  delayDays: number;
}

/** The parsed spec plus what the online side must look up to compute it. */
export interface FeatureSpec {
  version: string;
  features: readonly FeatureDef[];
  names: readonly string[];
  /** Distinct customer window lengths in days, ascending. */
  customerWindows: readonly number[];
  /** Distinct terminal windows, in first-use order. */
  terminalWindows: readonly TerminalWindow[];
}

export function parseFeatureSpec(json: unknown): FeatureSpec {
  // The contract validates kinds, parameters, unique names and documented kinds.
  const spec = parseContract(json);
  const names = spec.features.map((f) => f.name);

  const customerWindows = new Set<number>();
  const terminalWindows: TerminalWindow[] = [];
  for (const f of spec.features) {
    if (
      f.kind === "customer_count" ||
      f.kind === "customer_avg_amount" ||
      f.kind === "customer_amount_ratio"
    ) {
      customerWindows.add(f.window_days);
    }
    if (f.kind === "terminal_count" || f.kind === "terminal_risk") {
      const known = terminalWindows.some(
        (w) => w.windowDays === f.window_days && w.delayDays === f.delay_days,
      );
      if (!known) terminalWindows.push({ windowDays: f.window_days, delayDays: f.delay_days });
    }
  }
  return {
    version: spec.spec_version,
    features: spec.features,
    names,
    customerWindows: [...customerWindows].sort((a, b) => a - b),
    terminalWindows,
  };
}

export function loadFeatureSpec(path: string): FeatureSpec {
  return parseFeatureSpec(JSON.parse(fs.readFileSync(path, "utf8")));
}
