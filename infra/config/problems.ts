/** Turns schema issues and rule problems into messages that name the key, the value and the fix. */
import type { z } from "zod";
import type { ConfigProblem } from "./rules";

/** Full Pulumi config key for a path: `antifraud:kafka.topics["transactions.dlq"].partitions`, `yandex:folderId`. */
export function configKey(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map((p) => (typeof p === "symbol" ? p.toString() : p));
  let key: string;
  let tail: Array<string | number>;
  if (head === "yandex" && rest.length > 0) {
    key = `yandex:${String(rest[0])}`;
    tail = rest.slice(1);
  } else {
    key = `antifraud:${String(head)}`;
    tail = rest;
  }
  for (const part of tail) {
    if (typeof part === "number") key += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) key += `.${part}`;
    else key += `["${part}"]`;
  }
  return key;
}

function shown(value: unknown): string {
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblem(problem: ConfigProblem): string {
  return `${configKey(problem.path)} = ${shown(problem.value)}: ${problem.message}. Fix: ${problem.fix}.`;
}

function fixFor(issue: z.core.$ZodIssue, key: string): string {
  if (issue.code === "unrecognized_keys") {
    return "remove it or correct its spelling (Pulumi.yaml describes every key)";
  }
  if (issue.input === undefined) {
    return `add it to Pulumi.<stack>.yaml, e.g. pulumi config set --path '${key}' <value> (Pulumi.yaml describes it)`;
  }
  return `pulumi config set --path '${key}' <new value>`;
}

/** One problem per zod issue; unknown keys become one problem each so every typo is named. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((unknownKey) => {
        const path = [...issue.path, unknownKey] as Array<string | number>;
        return {
          path,
          value: (issue.input as Record<string, unknown> | undefined)?.[unknownKey],
          message: "is not a known setting",
          fix: fixFor(issue, configKey(path)),
        };
      });
    }
    const path = issue.path as Array<string | number>;
    return [{ path, value: issue.input, message: issue.message, fix: fixFor(issue, configKey(path)) }];
  });
}
