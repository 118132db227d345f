import { z } from "zod";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * `<models-root>/champion.json` (format `antifraud.champion`, services/training README): which
 * version is in service; the digests, when present, are verified before the bundle is served.
 */
export const championSchema = z.looseObject({
  version: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/),
  manifest_sha256: sha256.optional(),
  model_sha256: sha256.optional(),
});

export type Champion = z.infer<typeof championSchema>;

/**
 * `feature_distribution` (services/training README): the reference distribution of every model input
 * over the window the export binned, in `feature_names` order; absent from bundles made before it.
 */
export const featureDistributionSchema = z.looseObject({
  source: z.string().min(1),
  rows: z.number().int().positive(),
  features: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        edges: z.array(z.number()),
        proportions: z.array(z.number().min(0).max(1)).min(1),
      }),
    )
    .min(1),
});

export type FeatureDistribution = z.infer<typeof featureDistributionSchema>;

/** `<models-root>/<version>/manifest.json`, the fields the scorer relies on (others are kept). */
export const manifestSchema = z.looseObject({
  version: z.string().min(1),
  created_at: z.iso.datetime({ offset: true }),
  feature_spec_version: z.string().min(1),
  feature_names: z.array(z.string().min(1)).min(1),
  threshold: z.looseObject({ value: z.number().gt(0).lt(1) }),
  metrics: z.record(z.string(), z.unknown()),
  files: z.record(z.string(), z.looseObject({ sha256 })),
  feature_distribution: featureDistributionSchema.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
