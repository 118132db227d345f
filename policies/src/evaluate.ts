import type {
  EnforcementLevel,
  Policies,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { CapturedResource } from "@antifraud/infra/testing";
import type { PolicyPackConfigFile, ResolvedPolicyConfig } from "./pack-config";
import { loadPackConfig, resolvePackConfig } from "./pack-config";
import { policies as allPolicies } from "./policies";

/** The fields of a captured resource the pack reads (`infra/testing/capture.ts` records more). */
export type EvaluatedResource = Pick<CapturedResource, "type" | "name" | "urn" | "inputs" | "custom"> &
  Partial<Pick<CapturedResource, "parent" | "provider" | "dependencies">>;

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
  /** Policies to run; default: the whole pack. */
  readonly policies?: Policies;
}

class NotApplicable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "not applicable");
};

const EMPTY_OPTS = (parent?: string): PolicyResourceOptions => ({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
  ...(parent ? { parent } : {}),
});

const isTypeOf = (type: string, cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === type;
const isResourcePolicy = (p: Policies[number]): p is ResourceValidationPolicy => "validateResource" in p;
const isStackPolicy = (p: Policies[number]): p is StackValidationPolicy => "validateStack" in p;
/**
 * Deep copy built from this realm's Object/Array: `unknownCheckingProxy` only wraps values that are
 * `instanceof Object`, which objects made by `structuredClone` are not inside a jest sandbox.
 */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
}

function providerOf(
  r: EvaluatedResource,
  byUrn: Map<string, EvaluatedResource>,
): PolicyProviderResource | undefined {
  if (!r.provider) return undefined;
  const urn = r.provider.split("::").slice(0, -1).join("::");
  const p = byUrn.get(urn);
  return p
    ? { type: p.type, name: p.name, urn: p.urn, props: unknownCheckingProxy(clone(p.inputs)) }
    : undefined;
}

/**
 * Runs the pack's policies over captured resources the way the policy server does under
 * `pulumi preview`: each resource policy sees each resource's inputs behind the unknown-checking
 * proxy, with `notApplicable` that throws; stack policies see every resource with parents and
 * dependencies linked; enforcement levels and config come from the resolved pack config.
 */
export async function evaluatePolicies(
  resources: readonly EvaluatedResource[],
  opts: EvaluateOptions,
): Promise<Violation[]> {
  const policies = opts.policies ?? allPolicies;
  const config = resolvePackConfig(policies, opts.config ?? loadPackConfig(opts.stack));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const violations: Violation[] = [];

  const run = async (
    policyName: string,
    level: EnforcementLevel,
    at: { urn?: string; name?: string },
    body: (report: (message: string, urn?: string) => void) => unknown,
  ) => {
    const report = (message: string, urn?: string) => {
      const target = urn ? { urn, name: byUrn.get(urn)?.name } : at;
      violations.push({ policy: policyName, enforcementLevel: level, ...target, message });
    };
    try {
      await body(report);
    } catch (e) {
      if (e instanceof NotApplicable) return;
      if (e instanceof UnknownValueError) {
        const message = `can't run during preview: ${(e as Error).message}`;
        violations.push({ policy: policyName, enforcementLevel: "advisory", ...at, message });
        return;
      }
      throw new Error(`policy ${policyName} failed on ${at.urn ?? "the stack"}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  };

  for (const policy of policies) {
    const { enforcementLevel, properties } = config.get(policy.name) as ResolvedPolicyConfig;
    if (enforcementLevel === "disabled") continue;
    const level = enforcementLevel === "remediate" ? "mandatory" : enforcementLevel;
    const getConfig = <T extends object>() => clone(properties) as T;

    if (isResourcePolicy(policy) && policy.validateResource) {
      const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
      for (const r of resources) {
        for (const validation of validations) {
          const token = (validation as { __pulumiType?: string }).__pulumiType;
          if (token && token !== r.type) continue;
          const props = unknownCheckingProxy(clone(r.inputs));
          const provider = providerOf(r, byUrn);
          const args: ResourceValidationArgs = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: EMPTY_OPTS(r.parent),
            ...(provider ? { provider } : {}),
            stackTags: new Map(),
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) =>
              isTypeOf(r.type, cls) ? props : undefined) as ResourceValidationArgs["asType"],
            getConfig,
            notApplicable,
          };
          await run(policy.name, level, { urn: r.urn, name: r.name }, (report) => validation(args, report));
        }
      }
    }

    if (isStackPolicy(policy)) {
      const stackResources = linkStackResources(resources, byUrn);
      await run(policy.name, level, {}, (report) =>
        policy.validateStack(
          { resources: stackResources, stackTags: new Map(), getConfig, notApplicable },
          report,
        ),
      );
    }
  }
  return violations;
}

/** PolicyResource views with parent and dependency links, as `validateStack` receives them. */
function linkStackResources(
  resources: readonly EvaluatedResource[],
  byUrn: Map<string, EvaluatedResource>,
): PolicyResource[] {
  const views = new Map<string, PolicyResource>();
  for (const r of resources) {
    const props = unknownCheckingProxy(clone(r.inputs));
    const provider = providerOf(r, byUrn);
    views.set(r.urn, {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: EMPTY_OPTS(r.parent),
      ...(provider ? { provider } : {}),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
    });
  }
  for (const r of resources) {
    const view = views.get(r.urn) as PolicyResource;
    const parent = r.parent ? views.get(r.parent) : undefined;
    if (parent) view.parent = parent;
    view.dependencies = (r.dependencies ?? []).flatMap((d) => views.get(d) ?? []);
  }
  return [...views.values()];
}

/** Violations that would fail `pulumi preview`/`up`. */
export const mandatory = (violations: readonly Violation[]) =>
  violations.filter((v) => v.enforcementLevel === "mandatory");
