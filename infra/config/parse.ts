/** Pure validation of the raw stack configuration: schema first, then the cross-field rules. */
import { crossFieldProblems, type ConfigProblem } from "./rules";
import { formatProblem, problemsFromIssues } from "./problems";
import { stackConfigSchema, type StackConfig } from "./schema";

export class ConfigError extends Error {
  constructor(
    readonly stack: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`Invalid configuration for stack "${stack}" (${problems.length} problem(s)):\n${lines.join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * True for a `ConfigError` from any copy of this module: the mock harness loads the program in a
 * fresh module registry, so `instanceof` against the caller's copy would miss it.
 */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof Error && error.name === "ConfigError";
}

export type ParseResult = { ok: true; config: StackConfig } | { ok: false; problems: ConfigProblem[] };

export function validateStackConfig(raw: unknown): ParseResult {
  const parsed = stackConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues) };
  const problems = crossFieldProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

/** Validates and returns the typed config, or throws a `ConfigError` listing every problem. */
export function parseStackConfig(stack: string, raw: unknown): StackConfig {
  const result = validateStackConfig(raw);
  if (!result.ok) throw new ConfigError(stack, result.problems);
  return result.config;
}
