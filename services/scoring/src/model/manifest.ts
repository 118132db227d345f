import { z } from "zod";

/** `<models-root>/champion.json`: which version is in service. */
export const championSchema = z.looseObject({ version: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/) });

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** `<models-root>/<version>/manifest.json`, the fields the scorer relies on (others are kept). */
export const manifestSchema = z.looseObject({
  version: z.string().min(1),
  created_at: z.iso.datetime({ offset: true }),
  features: z.looseObject({
    names: z.array(z.string().min(1)).min(1),
    spec_version: z.string().min(1),
  }),
  threshold: z.looseObject({ value: z.number().gt(0).lt(1) }),
  metrics: z.record(z.string(), z.unknown()),
  files: z.record(z.string(), z.looseObject({ sha256 })),
});

export type Manifest = z.infer<typeof manifestSchema>;
