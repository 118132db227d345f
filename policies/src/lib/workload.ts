import { K8S, LONG_RUNNING_TYPES, REPLICATED_TYPES, WORKLOAD_TYPES } from "./kubernetes-types";

/** The parts of a Kubernetes container the workload rules read (all optional: props are unvalidated). */
export interface ContainerProps {
  readonly name?: string;
  readonly image?: string;
  readonly resources?: {
    readonly requests?: Record<string, unknown>;
    readonly limits?: Record<string, unknown>;
  };
  readonly securityContext?: SecurityContextProps;
  readonly livenessProbe?: unknown;
  readonly readinessProbe?: unknown;
  readonly env?: ReadonlyArray<{
    readonly name?: string;
    readonly value?: unknown;
    readonly valueFrom?: unknown;
  }>;
}

export interface SecurityContextProps {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}

export interface PodSpecProps {
  readonly containers?: readonly ContainerProps[];
  readonly initContainers?: readonly ContainerProps[];
  readonly securityContext?: SecurityContextProps;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly automountServiceAccountToken?: boolean;
  readonly volumes?: ReadonlyArray<{ readonly name?: string; readonly hostPath?: unknown }>;
}

export interface WorkloadView {
  /** Pod spec of the workload's template (or of the Pod itself). */
  readonly podSpec: PodSpecProps;
  /** Labels the pods carry: what a PodDisruptionBudget selector must match. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Desired replicas for replicated kinds; undefined when the kind has none or the field is unset. */
  readonly replicas?: number;
  readonly replicated: boolean;
  /** False for run-to-completion kinds (Job, CronJob, bare Pod), which need no probes. */
  readonly longRunning: boolean;
}

type Props = Record<string, unknown>;

const asRecord = (v: unknown): Props => (typeof v === "object" && v !== null ? (v as Props) : {});

function templateOf(type: string, props: Props): Props {
  const spec = asRecord(props.spec);
  if (type === K8S.pod) return props;
  if (type === K8S.cronJob) return asRecord(asRecord(asRecord(spec.jobTemplate).spec).template);
  return asRecord(spec.template);
}

/** Reads the pod template of a workload resource; undefined for types that run no pods. */
export function workloadOf(type: string, props: Props): WorkloadView | undefined {
  if (!WORKLOAD_TYPES.has(type)) return undefined;
  const template = templateOf(type, props);
  const labels = asRecord(asRecord(template.metadata).labels);
  const replicas = asRecord(props.spec).replicas;
  return {
    podSpec: asRecord(template.spec) as PodSpecProps,
    podLabels: Object.fromEntries(
      Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === "string"),
    ),
    ...(typeof replicas === "number" ? { replicas } : {}),
    replicated: REPLICATED_TYPES.has(type),
    longRunning: LONG_RUNNING_TYPES.has(type),
  };
}

export interface NamedContainer {
  readonly container: ContainerProps;
  /** "container <name>" or "init container <name>", for messages. */
  readonly label: string;
  readonly init: boolean;
}

/** Every container of a pod spec, init containers included, labelled for messages. */
export function containersOf(podSpec: PodSpecProps): NamedContainer[] {
  const label = (c: ContainerProps, i: number, kind: string) => `${kind} ${c.name ?? `#${i}`}`;
  return [
    ...(podSpec.initContainers ?? []).map((c, i) => ({
      container: c,
      label: label(c, i, "init container"),
      init: true,
    })),
    ...(podSpec.containers ?? []).map((c, i) => ({
      container: c,
      label: label(c, i, "container"),
      init: false,
    })),
  ];
}

/** True when every key/value of `selector` is among `labels` (matchLabels semantics; empty matches all). */
export function selectorMatches(
  selector: Readonly<Record<string, unknown>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
