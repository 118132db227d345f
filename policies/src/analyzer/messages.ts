/**
 * What the Pulumi CLI sends a policy pack's analyzer, built from captured resources, and what the
 * pack answers, read back: the protobuf messages of @pulumi/pulumi's analyzer.proto.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A resource as the engine registers it (infra/testing/capture.ts records these fields and more). */
export interface AnalyzedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  readonly parent?: string;
  /** `urn::id` of the resource's provider. */
  readonly provider?: string;
  readonly dependencies?: readonly string[];
}

/** A policy as the pack describes itself (GetAnalyzerInfo). */
export interface PackPolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: { properties: Record<string, unknown>; required?: string[] };
}

export interface Diagnostic {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly urn: string;
  readonly description: string;
  readonly message: string;
}

const LEVEL_TO_PB: Record<EnforcementLevel, pb.EnforcementLevel> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  disabled: pb.EnforcementLevel.DISABLED,
  remediate: pb.EnforcementLevel.REMEDIATE,
};
const PB_TO_LEVEL = new Map(Object.entries(LEVEL_TO_PB).map(([k, v]) => [v, k as EnforcementLevel]));

const levelOf = (value: pb.EnforcementLevel): EnforcementLevel => {
  const level = PB_TO_LEVEL.get(value);
  if (!level) throw new Error(`unknown enforcement level ${value} from the policy pack`);
  return level;
};

/** JSON-shaped values only: the engine drops undefined properties before it sends them. */
const struct = (value: Record<string, unknown>) =>
  Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Parameters<typeof Struct.fromJavaScript>[0]);

function options(r: AnalyzedResource): pb.AnalyzerResourceOptions {
  const opts = new pb.AnalyzerResourceOptions();
  opts.setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
  if (r.parent) opts.setParent(r.parent);
  return opts;
}

function provider(r: AnalyzedResource, byUrn: ReadonlyMap<string, AnalyzedResource>) {
  if (!r.provider) return undefined;
  const p = byUrn.get(r.provider.split("::").slice(0, -1).join("::"));
  if (!p) return undefined;
  const message = new pb.AnalyzerProviderResource();
  message.setType(p.type);
  message.setName(p.name);
  message.setUrn(p.urn);
  message.setProperties(struct(p.inputs));
  return message;
}

/** The fields AnalyzeRequest and AnalyzerResource share. */
type ResourceMessage = pb.AnalyzeRequest | pb.AnalyzerResource;

function fill<M extends ResourceMessage>(
  message: M,
  r: AnalyzedResource,
  byUrn: ReadonlyMap<string, AnalyzedResource>,
): M {
  message.setType(r.type);
  message.setName(r.name);
  message.setUrn(r.urn);
  message.setProperties(struct(r.inputs));
  message.setOptions(options(r));
  const p = provider(r, byUrn);
  if (p) message.setProvider(p);
  return message;
}

export const analyzeRequest = (r: AnalyzedResource, byUrn: ReadonlyMap<string, AnalyzedResource>) =>
  fill(new pb.AnalyzeRequest(), r, byUrn);

/** Every resource with its parent and dependencies, as the stack policies receive them linked. */
export function analyzeStackRequest(
  resources: readonly AnalyzedResource[],
  byUrn: ReadonlyMap<string, AnalyzedResource>,
): pb.AnalyzeStackRequest {
  const request = new pb.AnalyzeStackRequest();
  request.setResourcesList(
    resources.map((r) => {
      const message = fill(new pb.AnalyzerResource(), r, byUrn);
      if (r.parent) message.setParent(r.parent);
      message.setDependenciesList([...(r.dependencies ?? [])]);
      return message;
    }),
  );
  return request;
}

/** Per-policy enforcement level and properties, as the CLI sends a resolved `--policy-pack-config`. */
export function configureRequest(
  config: ReadonlyMap<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>,
): pb.ConfigureAnalyzerRequest {
  const request = new pb.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [name, { enforcementLevel, properties }] of config) {
    const entry = new pb.PolicyConfig();
    entry.setEnforcementlevel(LEVEL_TO_PB[enforcementLevel]);
    entry.setProperties(struct(properties));
    map.set(name, entry);
  }
  return request;
}

export function packPolicies(info: pb.AnalyzerInfo): PackPolicyInfo[] {
  return info.getPoliciesList().map((p) => {
    const schema = p.getConfigschema();
    return {
      name: p.getName(),
      description: p.getDescription(),
      enforcementLevel: levelOf(p.getEnforcementlevel()),
      ...(schema
        ? {
            configSchema: {
              properties: schema.getProperties()?.toJavaScript() ?? {},
              required: schema.getRequiredList(),
            },
          }
        : {}),
    };
  });
}

/**
 * The pack's diagnostics. The SDK prefixes a reported message with the policy's description and a
 * newline (the CLI prints both); `message` here is what the policy reported.
 */
export function diagnostics(response: pb.AnalyzeResponse): Diagnostic[] {
  return response.getDiagnosticsList().map((d) => {
    const description = d.getDescription();
    const full = d.getMessage();
    const prefix = `${description}\n`;
    return {
      policy: d.getPolicyname(),
      enforcementLevel: levelOf(d.getEnforcementlevel()),
      urn: d.getUrn(),
      description,
      message: full.startsWith(prefix) ? full.slice(prefix.length) : full,
    };
  });
}
