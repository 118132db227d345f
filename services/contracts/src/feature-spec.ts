import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const windowed = { window_days: z.number().int().positive() };
const delayed = { ...windowed, delay_days: z.number().int().nonnegative() };

/** One model input; `kind` says how both the Spark job and the online scorer compute it. */
export const featureDefinitionSchema = z.discriminatedUnion("kind", [
  z.object({ name: z.string(), kind: z.literal("tx_amount") }).strict(),
  z.object({ name: z.string(), kind: z.literal("during_weekend") }).strict(),
  z
    .object({
      name: z.string(),
      kind: z.literal("during_night"),
      night_end_hour: z.number().int().min(0).max(23),
    })
    .strict(),
  z.object({ name: z.string(), kind: z.literal("customer_count"), ...windowed }).strict(),
  z.object({ name: z.string(), kind: z.literal("customer_avg_amount"), ...windowed }).strict(),
  z.object({ name: z.string(), kind: z.literal("customer_amount_ratio"), ...windowed }).strict(),
  z
    .object({
      name: z.string(),
      kind: z.literal("customer_max_over_avg"),
      ...windowed,
      avg_window_days: z.number().int().positive(),
    })
    .strict(),
  z.object({ name: z.string(), kind: z.literal("terminal_count"), ...delayed }).strict(),
  z.object({ name: z.string(), kind: z.literal("terminal_risk"), ...delayed }).strict(),
]);

export type FeatureDefinition = z.infer<typeof featureDefinitionSchema>;
export type FeatureKind = FeatureDefinition["kind"];

const specVersion = z.string().regex(/^\d+\.\d+\.\d+$/);

function uniqueNames(features: readonly FeatureDefinition[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  features.forEach((feature, index) => {
    if (seen.has(feature.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["features", index, "name"],
        message: `duplicate feature ${feature.name}`,
      });
    }
    seen.add(feature.name);
  });
}

export const featureSpecSchema = z
  .object({
    spec_version: specVersion,
    description: z.string().optional(),
    timezone: z.literal("UTC"),
    kinds: z.record(z.string(), z.string()),
    features: z.array(featureDefinitionSchema).min(1),
  })
  .strict()
  .superRefine((spec, ctx) => {
    uniqueNames(spec.features, ctx);
    spec.features.forEach((feature, index) => {
      if (!(feature.kind in spec.kinds)) {
        ctx.addIssue({
          code: "custom",
          path: ["features", index, "kind"],
          message: `kind ${feature.kind} is not described`,
        });
      }
    });
  });

export type FeatureSpec = z.infer<typeof featureSpecSchema>;

/**
 * A model bundle's `features.json`: the spec version and feature list the model was trained on, as the
 * training export writes them (no descriptions).
 */
export const bundleFeaturesSchema = z
  .object({ spec_version: specVersion, features: z.array(featureDefinitionSchema).min(1) })
  .strict()
  .superRefine((bundle, ctx) => uniqueNames(bundle.features, ctx));

export type BundleFeatures = z.infer<typeof bundleFeaturesSchema>;

/** Path of the committed spec, shared by the batch and online implementations. */
export const FEATURE_SPEC_PATH = join(__dirname, "..", "features.json");

export function parseFeatureSpec(json: unknown): FeatureSpec {
  return featureSpecSchema.parse(json);
}

export function parseBundleFeatures(json: unknown): BundleFeatures {
  return bundleFeaturesSchema.parse(json);
}

export function loadFeatureSpec(path: string = FEATURE_SPEC_PATH): FeatureSpec {
  return parseFeatureSpec(JSON.parse(readFileSync(path, "utf8")));
}
