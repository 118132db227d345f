import fs from "node:fs";
import { z } from "zod";

// The image ships only this package compiled to JS, so the spec schema lives here rather than in the
// TypeScript-source contracts package; the parity test holds this parser and Spark to the same file.

const windowDays = z.number().int().min(1).max(365);
const featureSchema = z.discriminatedUnion("kind", [
  z.object({ name: z.string().min(1), kind: z.literal("tx_amount") }),
  z.object({ name: z.string().min(1), kind: z.literal("during_weekend") }),
  z.object({
    name: z.string().min(1),
    kind: z.literal("during_night"),
    night_end_hour: z.number().int().min(0).max(23),
  }),
  z.object({ name: z.string().min(1), kind: z.literal("customer_count"), window_days: windowDays }),
  z.object({ name: z.string().min(1), kind: z.literal("customer_avg_amount"), window_days: windowDays }),
  z.object({ name: z.string().min(1), kind: z.literal("customer_amount_ratio"), window_days: windowDays }),
  z.object({
    name: z.string().min(1),
    kind: z.literal("customer_max_over_avg"),
    window_days: windowDays,
    avg_window_days: windowDays,
  }),
  z.object({
    name: z.string().min(1),
    kind: z.literal("terminal_count"),
    window_days: windowDays,
    delay_days: z.number().int().min(0).max(365),
  }),
  z.object({
    name: z.string().min(1),
    kind: z.literal("terminal_risk"),
    window_days: windowDays,
    delay_days: z.number().int().min(0).max(365),
  }),
]);

const specSchema = z.object({
  spec_version: z.string().regex(/^\d+\.\d+\.\d+$/),
  timezone: z.literal("UTC"),
  kinds: z.record(z.string(), z.string()),
  features: z.array(featureSchema).min(1),
});

export type FeatureDef = z.infer<typeof featureSchema>;
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
  const spec = specSchema.parse(json);
  const undocumented = spec.features.find((f) => !(f.kind in spec.kinds));
  if (undocumented) throw new Error(`feature spec: kind ${undocumented.kind} is not described in "kinds"`);
  return specOf(spec.spec_version, spec.features);
}

/** A bundle's features.json: the version and feature list the model was trained on (no descriptions). */
const bundleFeaturesSchema = z.object({
  spec_version: z.string().regex(/^\d+\.\d+\.\d+$/),
  features: z.array(featureSchema).min(1),
});

export function parseBundleFeatures(json: unknown): FeatureSpec {
  const spec = bundleFeaturesSchema.parse(json);
  return specOf(spec.spec_version, spec.features);
}

function specOf(version: string, features: readonly FeatureDef[]): FeatureSpec {
  const names = features.map((f) => f.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`feature spec: duplicate feature name ${duplicate}`);
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
  return parseFeatureSpec(JSON.parse(fs.readFileSync(path, "utf8")));
}
