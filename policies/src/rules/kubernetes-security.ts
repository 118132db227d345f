import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { K8S, WORKLOAD_TYPES } from "../lib/kubernetes-types";
import { configSchemaOf, configValues, stringParam } from "../lib/policy-config";
import { ownedObjectsOnly, validateTypes } from "../lib/typed-validation";
import { isThirdPartyChartChild } from "../lib/urn";
import { containersOf, workloadOf } from "../lib/workload";

/** Names that say a value is a credential (public keys and plain settings do not match). */
const CREDENTIAL_NAME = /(PASS(WORD)?|SECRET|PRIVATE|CREDENTIAL|ACCESS_KEY|API_KEY|(^|_)TOKEN$)/i;
/** Values that are credentials whatever their name: a private key, or a URL with a password. */
const CREDENTIAL_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----|[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

/** Why a name/value pair is a credential in plain sight, or undefined. */
export function credentialProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (CREDENTIAL_VALUE.test(value)) return `${name} holds a private key or a URL with a password`;
  if (CREDENTIAL_NAME.test(name)) return `${name} looks like a credential`;
  return undefined;
}

export const noLiteralCredentials: ResourceValidationPolicy = {
  name: "k8s-no-literal-credentials",
  description:
    "Credentials reach pods only as Secret references: never as literal env values or ConfigMap data.",
  severity: "critical",
  validateResource: [
    ownedObjectsOnly(
      validateTypes(WORKLOAD_TYPES, (props, args, report) => {
        const workload = workloadOf(args.type, props);
        for (const c of workload ? containersOf(workload.podSpec) : []) {
          for (const e of c.container.env ?? []) {
            const problem = credentialProblem(e.name ?? "", e.value);
            if (problem) report(`${c.label}: env ${problem}; use valueFrom.secretKeyRef`);
          }
        }
      }),
    ),
    ownedObjectsOnly(
      validateTypes<{ metadata?: { name?: string }; data?: Record<string, unknown> }>(
        K8S.configMap,
        (map, args, report) => {
          for (const [key, value] of Object.entries(map.data ?? {})) {
            const problem = credentialProblem(key, value);
            if (problem) {
              report(`ConfigMap "${map.metadata?.name ?? args.name}": ${problem}; keep it in a Secret`);
            }
          }
        },
      ),
    ),
  ],
};

const registryConfig = {
  registryPrefix: stringParam(
    "Images must come from the stack's container registry (this prefix)",
    "cr.yandex/",
  ),
  // The same stack config deploys to either cloud, so the pack config cannot name one registry per cloud.
  ecrPattern: stringParam(
    "On AWS, images come from ECR: regular expression over the image reference (pin the account to tighten it)",
    "^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/",
  ),
};

export const imagesFromRegistry: ResourceValidationPolicy = {
  name: "k8s-images-from-registry",
  description:
    "Our pods run images from the stack's own container registry only (Container Registry, or ECR on AWS).",
  severity: "high",
  configSchema: configSchemaOf(registryConfig),
  validateResource: ownedObjectsOnly(
    validateTypes(WORKLOAD_TYPES, (props, args, report) => {
      const { registryPrefix, ecrPattern } = configValues(registryConfig, args);
      const ecr = new RegExp(ecrPattern);
      const workload = workloadOf(args.type, props);
      for (const c of workload ? containersOf(workload.podSpec) : []) {
        const image = c.container.image ?? "";
        if (!image.startsWith(registryPrefix) && !ecr.test(image)) {
          report(`${c.label}: image "${image}" is not from the stack's registry (${registryPrefix})`);
        }
      }
    }),
  ),
};

export const podIsolation: ResourceValidationPolicy = {
  name: "k8s-pod-isolation",
  description:
    "Pods add no Linux capabilities, share no host namespace, mount no host path and get no service-account token.",
  severity: "high",
  validateResource: ownedObjectsOnly(
    validateTypes(WORKLOAD_TYPES, (props, args, report) => {
      const workload = workloadOf(args.type, props);
      if (!workload) return;
      const pod = workload.podSpec;
      for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
        if (pod[field] === true) report(`pod spec sets ${field}: true`);
      }
      for (const v of pod.volumes ?? []) {
        if (v.hostPath !== undefined) report(`volume "${v.name ?? "?"}" is a hostPath`);
      }
      if (pod.automountServiceAccountToken !== false) {
        report("automountServiceAccountToken is not false: the pod would get an API token it does not need");
      }
      for (const c of containersOf(pod)) {
        const added = c.container.securityContext?.capabilities?.add ?? [];
        if (added.length > 0) report(`${c.label}: adds capabilities ${added.join(", ")}`);
      }
    }),
  ),
};

interface NamespacedProps {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly podSelector?: {
      readonly matchLabels?: Record<string, unknown>;
      readonly matchExpressions?: unknown[];
    };
    readonly policyTypes?: readonly string[];
    readonly ingress?: unknown[];
    readonly egress?: unknown[];
  };
}

/** A NetworkPolicy selecting every pod, for both directions, admitting nothing. */
function isDefaultDeny(props: NamespacedProps): boolean {
  const spec = props.spec;
  const selector = spec?.podSelector;
  const all =
    selector !== undefined &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0;
  const types = spec?.policyTypes ?? [];
  return (
    all &&
    types.includes("Ingress") &&
    types.includes("Egress") &&
    (spec?.ingress ?? []).length === 0 &&
    (spec?.egress ?? []).length === 0
  );
}

export const defaultDeny: StackValidationPolicy = {
  name: "k8s-default-deny",
  description:
    "Every namespace our workloads run in has a default-deny NetworkPolicy (all pods, ingress and egress), " +
    "so only explicitly allowed traffic flows.",
  severity: "high",
  validateStack: (args, report) => {
    const namespaces = new Map<string, string>();
    for (const r of args.resources) {
      if (!WORKLOAD_TYPES.has(r.type) || isThirdPartyChartChild(r.urn, r.parent?.urn)) continue;
      const ns = (r.props as NamespacedProps).metadata?.namespace ?? "default";
      if (!namespaces.has(ns)) namespaces.set(ns, r.urn);
    }
    const denied = new Set(
      args.resources
        .filter((r) => r.type === K8S.networkPolicy && isDefaultDeny(r.props as NamespacedProps))
        .map((r) => (r.props as NamespacedProps).metadata?.namespace ?? "default"),
    );
    for (const [ns, urn] of namespaces) {
      if (!denied.has(ns)) {
        report(`namespace "${ns}" runs workloads but has no default-deny NetworkPolicy`, urn);
      }
    }
  },
};

export const kubernetesSecurityPolicies = [
  noLiteralCredentials,
  imagesFromRegistry,
  podIsolation,
  defaultDeny,
];
