/**
 * Runs the policy pack over captured resources through the pack's own analyzer server, as
 * `pulumi preview --policy-pack policies` does: the pack process reports its policies, receives the
 * resolved config, analyzes each resource, then the stack. Enforcement levels, `notApplicable`,
 * unknown values and parent/dependency links are the SDK's server's doing; this module only feeds
 * resources in and reads diagnostics back.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import {
  analyzeRequest,
  analyzeStackRequest,
  configureRequest,
  diagnostics,
  packPolicies,
  type AnalyzedResource,
  type Diagnostic,
  type PackPolicyInfo,
} from "./analyzer/messages";
import { startPackProcess, type PackProcess } from "./analyzer/pack-process";
import type { PolicyPackConfigFile } from "./pack-config";
import { loadPackConfig, resolvePackConfig } from "./pack-config";

export type EvaluatedResource = AnalyzedResource;

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  /** Absent for stack-level findings that name no resource. */
  readonly urn?: string;
  readonly name?: string;
  readonly message: string;
}

export interface EvaluateOptions {
  readonly stack: string;
  /** Policy pack config; default: `policies/config/<stack>.json`, as CI passes it. */
  readonly config?: PolicyPackConfigFile;
  /** Names of the policies to run (the others are configured `disabled`); default: the whole pack. */
  readonly only?: readonly string[];
  /** The pack server; default: one of policies/index.ts, started on first use, shared by the process. */
  readonly pack?: PackProcess;
}

export interface Evaluation {
  readonly violations: Violation[];
  /** Every policy the pack registered, with the level it ran at. */
  readonly policies: readonly { name: string; enforcementLevel: EnforcementLevel }[];
}

let shared: Promise<PackProcess> | null = null;

/** The shipped pack's server, started once per process. */
export function sharedPack(): Promise<PackProcess> {
  shared ??= startPackProcess().catch((err: unknown) => {
    shared = null;
    throw err;
  });
  return shared;
}

/** Stops the shared pack server (tests' afterAll; the plan CLI before it exits). */
export async function stopSharedPack(): Promise<void> {
  const pack = shared;
  shared = null;
  if (pack) await (await pack).stop();
}

const unary = <Req, Res>(
  method: (req: Req, cb: (err: Error | null, res: Res) => void) => unknown,
  request: Req,
): Promise<Res> =>
  new Promise((resolve, reject) => method(request, (err, res) => (err ? reject(err) : resolve(res))));

export async function evaluatePack(
  resources: readonly EvaluatedResource[],
  opts: EvaluateOptions,
): Promise<Evaluation> {
  const pack = opts.pack ?? (await sharedPack());
  return pack.exclusive(async () => {
    const { client } = pack;
    const info = await unary<Empty, pb.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
    const policies = packPolicies(info);
    const config = runConfig(policies, opts);
    await unary(client.configure.bind(client), configureRequest(config));

    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const found: Diagnostic[] = [];
    for (const r of resources) {
      const response = await unary<pb.AnalyzeRequest, pb.AnalyzeResponse>(
        client.analyze.bind(client),
        analyzeRequest(r, byUrn),
      ).catch((err: Error) => {
        throw new Error(`the policy pack failed on ${r.urn}: ${err.message}`, { cause: err });
      });
      // The CLI attributes a resource policy's finding to the analyzed resource unless it names another.
      found.push(...diagnostics(response).map((d) => ({ ...d, urn: d.urn || r.urn })));
    }
    const stack = await unary<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(
      client.analyzeStack.bind(client),
      analyzeStackRequest(resources, byUrn),
    ).catch((err: Error) => {
      throw new Error(`the policy pack failed on the stack: ${err.message}`, { cause: err });
    });
    found.push(...diagnostics(stack));

    return {
      violations: found.map((d) => ({
        policy: d.policy,
        enforcementLevel: d.enforcementLevel,
        ...(d.urn ? { urn: d.urn, name: byUrn.get(d.urn)?.name } : {}),
        message: d.message,
      })),
      policies: policies.map((p) => ({
        name: p.name,
        enforcementLevel: config.get(p.name)!.enforcementLevel,
      })),
    };
  });
}

/** The violations alone (most tests and checks want only these). */
export async function evaluatePolicies(
  resources: readonly EvaluatedResource[],
  opts: EvaluateOptions,
): Promise<Violation[]> {
  return (await evaluatePack(resources, opts)).violations;
}

function runConfig(policies: readonly PackPolicyInfo[], opts: EvaluateOptions) {
  const config = resolvePackConfig(policies, opts.config ?? loadPackConfig(opts.stack));
  if (!opts.only) return config;
  const unknown = opts.only.filter((name) => !config.has(name));
  if (unknown.length > 0) throw new Error(`the pack has no policy ${unknown.join(", ")}`);
  return new Map(
    [...config].map(([name, c]) => [
      name,
      opts.only!.includes(name) ? c : { ...c, enforcementLevel: "disabled" as const },
    ]),
  );
}

/** Violations that would fail `pulumi preview`/`up`. */
export const mandatory = (violations: readonly Violation[]) =>
  violations.filter((v) => v.enforcementLevel === "mandatory");
