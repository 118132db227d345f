import * as fs from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel } from "@pulumi/policy";

/** A `--policy-pack-config` file: `all` sets every level; per-policy entries set a level and/or config. */
export type PolicyPackConfigFile = Record<
  string,
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

/** Name the pack reports under (`pulumi preview` output, PR comments). */
export const PACK_NAME = "antifraud-guardrails";
export const CONFIG_DIR = path.resolve(__dirname, "..", "config");
export const PACK_DEFAULT_LEVEL: EnforcementLevel = "advisory";

/** The checked-in config the CI passes with `policyPackConfigs: policies/config/<stack>.json`. */
export function loadPackConfig(stack: string): PolicyPackConfigFile {
  return JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${stack}.json`), "utf8")) as PolicyPackConfigFile;
}

/** What config resolution needs of a policy: a Policy object, or the pack's GetAnalyzerInfo entry. */
export interface ConfigurablePolicy {
  readonly name: string;
  readonly enforcementLevel?: EnforcementLevel;
  readonly configSchema?: { readonly properties: Record<string, unknown> };
}

const LEVELS: ReadonlySet<string> = new Set(["advisory", "mandatory", "remediate", "disabled"]);

interface ValueSchema {
  readonly type?: unknown;
  readonly default?: unknown;
  readonly items?: unknown;
  readonly additionalProperties?: unknown;
}

function typeOk(schema: ValueSchema, value: unknown): boolean {
  const inner = (s: unknown) => (typeof s === "object" && s !== null ? (s as ValueSchema) : undefined);
  switch (schema.type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value) && value.every((v) => typeOk(inner(schema.items) ?? {}, v));
    case "object":
      return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((v) => typeOk(inner(schema.additionalProperties) ?? {}, v))
      );
    default:
      return true;
  }
}

/**
 * What the engine does with a config file before the pack runs: reject unknown policies and
 * properties and ill-typed values, resolve enforcement levels (policy entry > `all` > policy >
 * pack default) and fill in schema defaults.
 */
export function resolvePackConfig(
  policies: readonly ConfigurablePolicy[],
  file: PolicyPackConfigFile,
): Map<string, ResolvedPolicyConfig> {
  const byName = new Map(policies.map((p) => [p.name, p]));
  const problems: string[] = [];
  const all = file.all;
  if (all !== undefined && (typeof all !== "string" || !LEVELS.has(all)))
    problems.push(`"all" must be an enforcement level`);
  for (const [name, entry] of Object.entries(file)) {
    if (name === "all") continue;
    const policy = byName.get(name);
    if (!policy) {
      problems.push(`unknown policy "${name}"`);
      continue;
    }
    if (typeof entry === "string") {
      if (!LEVELS.has(entry)) problems.push(`${name}: "${entry}" is not an enforcement level`);
      continue;
    }
    for (const [key, value] of Object.entries(entry)) {
      if (key === "enforcementLevel") {
        if (typeof value !== "string" || !LEVELS.has(value))
          problems.push(`${name}.enforcementLevel: "${value}" is not a level`);
        continue;
      }
      const schema = policy.configSchema?.properties[key] as ValueSchema | boolean | undefined;
      if (!schema || typeof schema !== "object") problems.push(`${name}: unknown config property "${key}"`);
      else if (!typeOk(schema, value)) {
        problems.push(`${name}.${key}: ${JSON.stringify(value)} is not of type ${schema.type}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`invalid policy pack config: ${problems.join("; ")}`);

  const resolved = new Map<string, ResolvedPolicyConfig>();
  for (const policy of policies) {
    const entry = file[policy.name];
    const own = typeof entry === "string" ? entry : entry?.enforcementLevel;
    const defaults = Object.fromEntries(
      Object.entries(policy.configSchema?.properties ?? {}).flatMap(([k, s]) =>
        typeof s === "object" && s !== null && "default" in s ? [[k, (s as ValueSchema).default]] : [],
      ),
    );
    const given =
      typeof entry === "object"
        ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "enforcementLevel"))
        : {};
    resolved.set(policy.name, {
      enforcementLevel:
        own ?? (all as EnforcementLevel | undefined) ?? policy.enforcementLevel ?? PACK_DEFAULT_LEVEL,
      properties: { ...defaults, ...given },
    });
  }
  return resolved;
}
