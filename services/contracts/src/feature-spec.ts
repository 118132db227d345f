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

export const featureSpecSchema = z
  .object({
    spec_version: z.string().regex(/^\d+\.\d+\.\d+$/),
    description: z.string().optional(),
    timezone: z.literal("UTC"),
    kinds: z.record(z.string(), z.string()),
    features: z.array(featureDefinitionSchema).min(1),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.features.forEach((feature, index) => {
      if (seen.has(feature.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["features", index, "name"],
          message: `duplicate feature ${feature.name}`,
        });
      }
      seen.add(feature.name);
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

/** Path of the committed spec, shared by the batch and online implementations. */
export const FEATURE_SPEC_PATH = join(__dirname, "..", "features.json");

export function parseFeatureSpec(json: unknown): FeatureSpec {
  return featureSpecSchema.parse(json);
}

export function loadFeatureSpec(path: string = FEATURE_SPEC_PATH): FeatureSpec {
  return parseFeatureSpec(JSON.parse(readFileSync(path, "utf8")));
}
