import type { Policy } from "@pulumi/policy";
import type { EvaluatedResource } from "../src/evaluate";
import { evaluatePolicies } from "../src/evaluate";
import type { PolicyPackConfigFile } from "../src/pack-config";

const STACK = "unit";

/** A resource as the mock engine records it, with a URN built from its type and name. */
export function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<EvaluatedResource> = {},
): EvaluatedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:${STACK}::antifraud::${type}::${name}`,
    inputs,
    ...extra,
  };
}

/** Messages one policy reports for the given resources (config: the policy's own settings, if any). */
export async function messagesOf(
  policy: Policy,
  resources: EvaluatedResource[],
  settings: Record<string, unknown> = {},
): Promise<string[]> {
  const config: PolicyPackConfigFile = { all: "mandatory", [policy.name]: settings };
  const found = await evaluatePolicies(resources, { stack: STACK, config, only: [policy.name] });
  return found.map((v) => v.message);
}

/** Deep copy with one change applied, for "this one field is wrong" table rows. */
export function withChange<T>(value: T, change: (copy: T) => void): T {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}
