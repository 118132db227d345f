/** Shared helpers for the program tests: look-ups over captured resources and stack raw config. */
import { collectRawConfig, parseStackConfig, type StackConfig } from "../config";
import {
  captureStack,
  OFFLINE_SECRET_CONFIG,
  type CaptureResult,
  type CapturedResource,
  type StackName,
} from "../testing/capture";
import { readStackConfigFile } from "../testing/stack-files";

export function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((r) => r.type === type);
}

export function one(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
  const found = resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0] as CapturedResource;
}

/** Input at a dotted path (`spec.template.spec.containers[0].image`). */
export function at(value: unknown, dotted: string): unknown {
  return dotted
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .reduce<unknown>(
      (v, key) => (v === undefined || v === null ? undefined : (v as Record<string, unknown>)[key]),
      value,
    );
}

/** The raw (unvalidated) config object of a stack file, as the program would build it. */
export function rawConfigOf(stack: StackName): Record<string, unknown> {
  const { config } = readStackConfigFile(stack);
  const { raw, problems } = collectRawConfig({ ...config, ...OFFLINE_SECRET_CONFIG });
  if (problems.length > 0) throw new Error(`stack file ${stack} has problems: ${JSON.stringify(problems)}`);
  return raw;
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Both stacks captured once per test file (dev first; runs are serialised by the harness). */
export async function captureBoth(): Promise<Record<StackName, CaptureResult>> {
  const dev = await captureStack("dev");
  const prod = await captureStack("prod");
  return { dev, prod };
}

export function configOf(stack: StackName): StackConfig {
  return parseStackConfig(stack, rawConfigOf(stack));
}

/** Type token of a resource class (`__pulumiType` is public at runtime but internal in the typings). */
export function tokenOf(resourceClass: unknown): string {
  const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token !== "string") throw new Error("not a Pulumi resource class");
  return token;
}
