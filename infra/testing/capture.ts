/**
 * Runs the Pulumi program of one stack under Pulumi's mock engine and records every resource it
 * registers, with resolved inputs, parent, provider and dependencies, plus the stack outputs.
 * Used by the program tests, the offline plan and the policy pack tests. Each run loads a fresh copy
 * of the SDK and the program (jest: `isolateModulesAsync`; plain node: a cleared require cache), so
 * dev and prod can be captured in one process; runs are serialised because the SDK keeps its state
 * in one global store.
 */
import * as path from "node:path";
import type * as PulumiModule from "@pulumi/pulumi";
import { mockAwsCall } from "./aws-mock-outputs";
import { mockResource } from "./mock-outputs";
import { OFFLINE_SECRET_CONFIG } from "./offline-secrets";
import { unwrapValue } from "./wire";
import { REPO_ROOT, readProjectFile, readStackConfigFile } from "./stack-files";

export type StackName = "dev" | "prod";

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent?: string;
  /** Inputs as the engine received them; secret values are unwrapped (see `secretInputPaths`). */
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
  /** Provider reference `urn::id` for custom resources with an explicit or inherited provider. */
  readonly provider?: string;
  readonly dependencies: readonly string[];
  /** Dotted paths of inputs that were secret, e.g. `stringData.password`. */
  readonly secretInputPaths: readonly string[];
}

export interface CaptureResult {
  readonly stack: StackName;
  readonly resources: CapturedResource[];
  readonly outputs: Record<string, unknown>;
  /** Names of the outputs whose values are secret. */
  readonly secretOutputs: string[];
}

export { OFFLINE_SECRET_CONFIG };

const PROGRAM = path.join(REPO_ROOT, "infra", "index.ts");
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getObject(): unknown;
}
type Callback = (err: unknown, response?: { getUrn(): string }) => void;
interface Monitor {
  registerResource(req: RegisterRequest, callback: Callback): void;
}

/** Wraps the mock monitor so every registration is recorded with its URN, parent and provider. */
function recordRegistrations(
  pulumi: typeof PulumiModule,
  deserialize: (struct: unknown) => Record<string, unknown>,
  sink: CapturedResource[],
): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    original(req, (err, response) => {
      if (!err && response) {
        const secretInputPaths: string[] = [];
        const inputs = unwrapValue(deserialize(req.getObject()), "", secretInputPaths) as Record<
          string,
          unknown
        >;
        sink.push({
          type: req.getType(),
          name: req.getName(),
          urn: response.getUrn(),
          ...(req.getParent() ? { parent: req.getParent() } : {}),
          inputs,
          custom: req.getCustom(),
          ...(req.getProvider() ? { provider: req.getProvider() } : {}),
          dependencies: req.getDependenciesList(),
          secretInputPaths,
        });
      }
      callback(err, response);
    });
  };
}

/** Internal `Output.promise()`: unlike `apply`, it also settles (rejects) when the value failed. */
type PromiseOutput = { promise(): Promise<unknown> };

async function resolveOutputs(
  pulumi: typeof PulumiModule,
  program: Record<string, unknown>,
): Promise<{ outputs: Record<string, unknown>; secretOutputs: string[] }> {
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [key, value] of Object.entries(program)) {
    const output = pulumi.output(value);
    const [resolved, secret] = await Promise.all([
      (output as unknown as PromiseOutput).promise(),
      pulumi.isSecret(output),
    ]);
    outputs[key] = resolved;
    if (secret) secretOutputs.push(key);
  }
  return { outputs, secretOutputs };
}

type Loader = <T>(id: string) => T;

async function runIsolated<T>(body: (load: Loader) => Promise<T>): Promise<T> {
  const globals = globalThis as Record<string, unknown>;
  // The SDK keeps config, monitor and package registrations in a global store; start each run clean.
  globals.globalStore = undefined;
  globals.stackResource = undefined;
  if (typeof jest !== "undefined") {
    let result: T | undefined;
    await jest.isolateModulesAsync(async () => {
      // Dynamic require: modules must load inside the isolated registry, not at import time.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      result = await body((id) => require(id));
    });
    return result as T;
  }
  for (const key of Object.keys(require.cache)) {
    if (
      key.includes(`${path.sep}@pulumi${path.sep}`) ||
      (key.startsWith(path.join(REPO_ROOT, "infra")) && !key.includes(`${path.sep}testing${path.sep}`))
    ) {
      delete require.cache[key];
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return body((id) => require(id));
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the program with `Pulumi.<stack>.yaml` (plus `configOverrides`: full keys such as
 * `antifraud:kafka` -> JSON text; `undefined` removes a key) and returns what it registered.
 * Rejects with the program's error, e.g. a `ConfigError` for invalid settings.
 */
export function captureStack(
  stack: StackName,
  configOverrides: Record<string, string | undefined> = {},
): Promise<CaptureResult> {
  const run = queue.then(() => captureNow(stack, configOverrides));
  queue = run.catch(() => undefined);
  return run;
}

async function captureNow(
  stack: StackName,
  overrides: Record<string, string | undefined>,
): Promise<CaptureResult> {
  const project = readProjectFile().name;
  const { config: fileConfig } = readStackConfigFile(stack);
  const config: Record<string, string> = { ...fileConfig, ...OFFLINE_SECRET_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  const secretKeys = Object.keys(OFFLINE_SECRET_CONFIG).filter((k) => k in config);

  return runIsolated(async (load) => {
    const pulumi = load<typeof PulumiModule>("@pulumi/pulumi");
    const rpc = load<{ deserializeProperties(s: unknown): Record<string, unknown> }>(
      "@pulumi/pulumi/runtime/rpc",
    );
    const resources: CapturedResource[] = [];
    pulumi.runtime.setAllConfig(config, secretKeys);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) =>
          args.custom ? mockResource(args.type, args.name, args.inputs) : { id: undefined, state: {} },
        call: (args) => {
          const answer = mockAwsCall(args.token);
          if (answer === undefined)
            throw new Error(`the offline engine has no answer for invoke ${args.token}`);
          return answer;
        },
      },
      project,
      stack,
      false,
    );
    recordRegistrations(pulumi, rpc.deserializeProperties, resources);
    const program = load<Record<string, unknown>>(PROGRAM);
    const { outputs, secretOutputs } = await resolveOutputs(pulumi, program);
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { stack, resources, outputs, secretOutputs };
  });
}
