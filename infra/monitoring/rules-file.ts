import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

/** The rules file the PrometheusRule, promtool and the local Prometheus all load unchanged. */
export const ALERT_RULES_FILE = join(__dirname, "alert-rules.yaml");

const stringMap = z.record(z.string(), z.string());

const recordingRule = z.strictObject({ record: z.string(), expr: z.string(), labels: stringMap.optional() });

const alertingRule = z.strictObject({
  alert: z.string(),
  expr: z.string(),
  for: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const ruleGroup = z.strictObject({
  name: z.string(),
  interval: z.string().optional(),
  rules: z.array(z.union([recordingRule, alertingRule])),
});

/** Prometheus rule-file format, which is also the `spec` of a PrometheusRule. */
export const ruleFileSchema = z.strictObject({ groups: z.array(ruleGroup) });

export type RuleFile = z.infer<typeof ruleFileSchema>;
export type AlertingRule = z.infer<typeof alertingRule>;
export type RecordingRule = z.infer<typeof recordingRule>;

/** Parses and validates a rules file; throws naming the file on a shape error. */
export function loadRuleFile(path: string = ALERT_RULES_FILE): RuleFile {
  const parsed = ruleFileSchema.safeParse(parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${path}: not a Prometheus rules file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function alertingRules(file: RuleFile): AlertingRule[] {
  return file.groups.flatMap((group) => group.rules.filter((rule): rule is AlertingRule => "alert" in rule));
}

export function recordingRules(file: RuleFile): RecordingRule[] {
  return file.groups.flatMap((group) =>
    group.rules.filter((rule): rule is RecordingRule => "record" in rule),
  );
}
