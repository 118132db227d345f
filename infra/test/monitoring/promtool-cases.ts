import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

/** The parts of a promtool unit-test file the coverage checks read. */
const testFileSchema = z.object({
  rule_files: z.array(z.string()),
  evaluation_interval: z.string().optional(),
  tests: z.array(
    z.object({
      name: z.string(),
      alert_rule_test: z
        .array(
          z.object({
            eval_time: z.string(),
            alertname: z.string(),
            exp_alerts: z.array(z.unknown()).optional(),
          }),
        )
        .optional(),
    }),
  ),
});

export type PromtoolTestFile = z.infer<typeof testFileSchema> & { readonly path: string };

export interface AlertCase {
  readonly file: string;
  readonly test: string;
  readonly alertname: string;
  readonly evalTime: string;
  /** True when the case expects the alert firing, false when it expects silence. */
  readonly firing: boolean;
}

export function loadTestFiles(dir: string): PromtoolTestFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { ...testFileSchema.parse(parse(readFileSync(path, "utf8"))), path };
    });
}

export function alertCases(files: readonly PromtoolTestFile[]): AlertCase[] {
  return files.flatMap((file) =>
    file.tests.flatMap((test) =>
      (test.alert_rule_test ?? []).map((c) => ({
        file: file.path,
        test: test.name,
        alertname: c.alertname,
        evalTime: c.eval_time,
        firing: (c.exp_alerts ?? []).length > 0,
      })),
    ),
  );
}
