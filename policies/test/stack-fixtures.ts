import {
  captureStack,
  readStackConfigFile,
  type CaptureResult,
  type CapturedResource,
} from "@antifraud/infra/testing";

/** Stacks captured once per test file (each capture runs the whole program under mocks, ~5 s). */
const cache = new Map<string, Promise<CaptureResult>>();
export function captured(
  stack: "dev" | "prod",
  overrides: Record<string, string> = {},
): Promise<CaptureResult> {
  const key = `${stack}:${JSON.stringify(overrides)}`;
  if (!cache.has(key)) cache.set(key, captureStack(stack, overrides));
  return cache.get(key) as Promise<CaptureResult>;
}

/** A stack setting as parsed JSON (`antifraud:kubernetes` -> object). */
export function stackSetting<T>(stack: "dev" | "prod", key: string): T {
  const raw = readStackConfigFile(stack).config[key];
  if (raw === undefined) throw new Error(`Pulumi.${stack}.yaml has no ${key}`);
  try {
    return JSON.parse(raw) as T;
  } catch {
    return raw as T;
  }
}

/** Captured inputs as tests edit them: loosely typed on purpose (any nested field may be changed). */
export type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Copy of the resources with one resource's inputs changed; fails if the type/name is not unique. */
export function mutate(
  resources: readonly CapturedResource[],
  type: string,
  name: string,
  change: (inputs: Inputs) => void,
): CapturedResource[] {
  const matches = resources.filter((r) => r.type === type && r.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${type} "${name}", found ${matches.length}`);
  return resources.map((r) => {
    if (r !== matches[0]) return r;
    const inputs = structuredClone(r.inputs) as Inputs;
    change(inputs);
    return { ...r, inputs };
  });
}

/** Copy of the resources without the named one. */
export function remove(
  resources: readonly CapturedResource[],
  type: string,
  name: string,
): CapturedResource[] {
  const kept = resources.filter((r) => !(r.type === type && r.name === name));
  if (kept.length !== resources.length - 1) throw new Error(`expected one ${type} "${name}"`);
  return kept;
}
