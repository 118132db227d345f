import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { K8S, WORKLOAD_TYPES } from "../lib/kubernetes-types";
import { booleanParam, configSchemaOf, configValues, integerParam } from "../lib/policy-config";
import { ownedObjectsOnly, validateTypes } from "../lib/typed-validation";
import { isThirdPartyChartChild } from "../lib/urn";
import type { ContainerProps, NamedContainer, WorkloadView } from "../lib/workload";
import { containersOf, selectorMatches, workloadOf } from "../lib/workload";

type ContainerCheck = (c: NamedContainer, workload: WorkloadView) => string | undefined;

/** A resource policy that runs `check` on every container of our own workloads (chart children exempt). */
function containerPolicy(
  name: string,
  description: string,
  check: ContainerCheck,
  extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy {
  return {
    name,
    description,
    severity: "high",
    ...extra,
    validateResource: ownedObjectsOnly(
      validateTypes(WORKLOAD_TYPES, (props, args, report) => {
        const workload = workloadOf(args.type, props);
        if (!workload) return;
        for (const c of containersOf(workload.podSpec)) {
          const problem = check(c, workload);
          if (problem) report(`${c.label}: ${problem}`);
        }
      }),
    ),
  };
}

const RESOURCE_FIELDS = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"] as const;

export const resourcesSet = containerPolicy(
  "k8s-resources",
  "Every container declares CPU and memory requests and limits (Guaranteed/Burstable QoS, schedulable capacity).",
  ({ container }) => {
    const missing = RESOURCE_FIELDS.filter((f) => {
      const [group, key] = f.split(".") as ["requests" | "limits", string];
      const value = container.resources?.[group]?.[key];
      return value === undefined || value === null || value === "";
    });
    return missing.length > 0 ? `missing ${missing.join(", ")}` : undefined;
  },
);

export const runsAsNonRoot = containerPolicy(
  "k8s-non-root",
  "Containers run as a non-root user.",
  ({ container }, { podSpec }) => {
    const nonRoot = container.securityContext?.runAsNonRoot ?? podSpec.securityContext?.runAsNonRoot;
    const user = container.securityContext?.runAsUser ?? podSpec.securityContext?.runAsUser;
    if (user === 0) return "runAsUser is 0 (root)";
    return nonRoot === true ? undefined : "runAsNonRoot is not true (pod or container securityContext)";
  },
);

export const readOnlyRootFs = containerPolicy(
  "k8s-read-only-root-fs",
  "Container root filesystems are read-only; writable paths are explicit volumes.",
  ({ container }) =>
    container.securityContext?.readOnlyRootFilesystem === true
      ? undefined
      : "securityContext.readOnlyRootFilesystem is not true",
);

export const notPrivileged = containerPolicy(
  "k8s-not-privileged",
  "Containers are not privileged and cannot escalate privileges.",
  ({ container }) => {
    if (container.securityContext?.privileged === true) return "securityContext.privileged is true";
    return container.securityContext?.allowPrivilegeEscalation === false
      ? undefined
      : "securityContext.allowPrivilegeEscalation is not false";
  },
);

const imagesConfig = {
  requireDigest: booleanParam("Images must be pinned by sha256 digest, not only by tag", true),
};

/** Problem with an image reference, or undefined when it is pinned well enough. */
export function imagePinProblem(image: string | undefined, requireDigest: boolean): string | undefined {
  if (!image) return "has no image";
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSegment = image.split("/").pop() ?? image;
  const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
  if (!tag || tag === "latest") return `image "${image}" is not pinned (no tag or "latest")`;
  return requireDigest ? `image "${image}" is pinned by tag only; pin it by @sha256 digest` : undefined;
}

export const pinnedImages: ResourceValidationPolicy = {
  name: "k8s-pinned-images",
  description: "Images are pinned (by digest in prod), so a deploy runs exactly what was tested.",
  severity: "high",
  configSchema: configSchemaOf(imagesConfig),
  validateResource: ownedObjectsOnly(
    validateTypes(WORKLOAD_TYPES, (props, args, report) => {
      const { requireDigest } = configValues(imagesConfig, args);
      const workload = workloadOf(args.type, props);
      for (const c of workload ? containersOf(workload.podSpec) : []) {
        const problem = imagePinProblem(c.container.image, requireDigest);
        if (problem) report(`${c.label}: ${problem}`);
      }
    }),
  ),
};

export const probes = containerPolicy(
  "k8s-probes",
  "Long-running containers declare liveness and readiness probes.",
  ({ container, init }, workload) => {
    if (init || !workload.longRunning) return undefined;
    const missing = (["readinessProbe", "livenessProbe"] as const).filter(
      (p: keyof ContainerProps) => container[p] === undefined,
    );
    return missing.length > 0 ? `missing ${missing.join(", ")}` : undefined;
  },
);

// ---- Stack-level: replicas (HPA-aware) and disruption budgets ----

interface ObjectProps {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly minReplicas?: number;
    readonly scaleTargetRef?: { readonly kind?: string; readonly name?: string };
    readonly selector?: { readonly matchLabels?: Record<string, string> };
  };
}

const objectName = (r: PolicyResource) => (r.props as ObjectProps).metadata?.name ?? r.name;
const namespaceOf = (r: PolicyResource) => (r.props as ObjectProps).metadata?.namespace ?? "default";
const owned = (r: PolicyResource) => !isThirdPartyChartChild(r.urn, r.parent?.urn);

/** Our replicated workloads with their pod view. */
function replicatedWorkloads(
  resources: PolicyResource[],
): { resource: PolicyResource; view: WorkloadView }[] {
  return resources
    .filter((r) => (r.type === K8S.deployment || r.type === K8S.statefulSet) && owned(r))
    .map((r) => ({ resource: r, view: workloadOf(r.type, r.props) }))
    .filter((w): w is { resource: PolicyResource; view: WorkloadView } => w.view !== undefined);
}

const replicasConfig = { minReplicas: integerParam("Fewest pods a Deployment/StatefulSet may run", 2) };

export const minReplicas: StackValidationPolicy = {
  name: "k8s-min-replicas",
  description: "Deployments run enough pods to survive a node loss (the HPA's minReplicas when autoscaled).",
  severity: "high",
  configSchema: configSchemaOf(replicasConfig),
  validateStack: (args, report) => {
    const { minReplicas: min } = configValues(replicasConfig, args);
    const hpas = args.resources.filter((r) => r.type === K8S.horizontalPodAutoscaler);
    for (const { resource, view } of replicatedWorkloads(args.resources)) {
      const hpa = hpas.find((h) => {
        const ref = (h.props as ObjectProps).spec?.scaleTargetRef;
        return namespaceOf(h) === namespaceOf(resource) && ref?.name === objectName(resource);
      });
      const floor = hpa ? ((hpa.props as ObjectProps).spec?.minReplicas ?? 1) : (view.replicas ?? 1);
      if (floor < min) {
        const source = hpa ? `HorizontalPodAutoscaler "${objectName(hpa)}" minReplicas` : "spec.replicas";
        report(
          `"${objectName(resource)}" runs as few as ${floor} pod(s) (${source}); at least ${min} required`,
          resource.urn,
        );
      }
    }
  },
};

const pdbConfig = {
  required: booleanParam("Every replicated workload must be covered by a PodDisruptionBudget", true),
};

export const disruptionBudget: StackValidationPolicy = {
  name: "k8s-disruption-budget",
  description: "Replicated workloads are covered by a PodDisruptionBudget, so node drains keep them serving.",
  severity: "medium",
  configSchema: configSchemaOf(pdbConfig),
  validateStack: (args, report) => {
    if (!configValues(pdbConfig, args).required)
      args.notApplicable("disruption budgets not required in this stack");
    const pdbs = args.resources.filter((r) => r.type === K8S.podDisruptionBudget);
    for (const { resource, view } of replicatedWorkloads(args.resources)) {
      const covered = pdbs.some((p) => {
        const selector = (p.props as ObjectProps).spec?.selector?.matchLabels;
        return (
          namespaceOf(p) === namespaceOf(resource) &&
          selector !== undefined &&
          selectorMatches(selector, view.podLabels)
        );
      });
      if (!covered)
        report(`"${objectName(resource)}" has no PodDisruptionBudget selecting its pods`, resource.urn);
    }
  },
};

export const workloadPolicies = [
  resourcesSet,
  runsAsNonRoot,
  readOnlyRootFs,
  notPrivileged,
  pinnedImages,
  probes,
  minReplicas,
  disruptionBudget,
];
