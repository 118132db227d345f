/**
 * What a scoring pod looks like, as pure data: the container environment the service's config reads
 * (services/scoring/src/config), the hardened pod template, probes and ports. The ScoringWorkloads
 * component wires these to the image, the Secrets and the ConfigMap it creates.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig, WorkloadConfig } from "../config/schema";
import { HARDENED_CONTAINER_SECURITY, hardenedPodSpec } from "./pod-hardening";
import { PUBLIC_KEYS_CONFIG_MAP_KEYS } from "./scoring-keys";

type EnvVar = k8s.types.input.core.v1.EnvVar;

/** Label of the Services the ServiceMonitors select: only ClusterIP Services carrying /metrics. */
export const METRICS_SERVICE_LABEL = "antifraud.io/metrics";
/** Port of /metrics (every workload); the stream worker and the quality consumer answer /healthz and /readyz there too. */
export const METRICS_PORT = 9464;
export const STREAM_METRICS_PORT = METRICS_PORT;
/** Port of the serve container's /healthz and /readyz (the kubelet's only). */
export const HEALTH_PORT = 8081;
/** Where the pods find Yandex's CA (a Secret volume): Kafka and Redis certificates are verified against it. */
export const MANAGED_SERVICES_CA_DIR = "/etc/antifraud/tls";
export const MANAGED_SERVICES_CA_FILE = `${MANAGED_SERVICES_CA_DIR}/ca.pem`;

export type WorkloadName = "serve" | "stream" | "quality";

/** Pod labels of each workload (selectors, Services, NetworkPolicies, PDBs). */
export const SCORING_POD_LABELS: Record<WorkloadName, Record<string, string>> = {
  serve: {
    "app.kubernetes.io/name": "scoring",
    "app.kubernetes.io/component": "serve",
    "app.kubernetes.io/part-of": "antifraud",
  },
  stream: {
    "app.kubernetes.io/name": "scoring",
    "app.kubernetes.io/component": "stream",
    "app.kubernetes.io/part-of": "antifraud",
  },
  quality: {
    "app.kubernetes.io/name": "scoring",
    "app.kubernetes.io/component": "quality",
    "app.kubernetes.io/part-of": "antifraud",
  },
};

/** What a pod template is made of: the container's command, ports and resources. */
export interface PodShape {
  readonly name: WorkloadName;
  readonly ports: ReadonlyArray<{ name: string; port: number }>;
  /** Port name of the probes. */
  readonly healthPortName: string;
  readonly config: Pick<WorkloadConfig, "resources">;
}

export interface WorkloadShape extends PodShape {
  readonly config: WorkloadConfig;
}

export function workloadShapes(s: StackConfig["scoring"]): WorkloadShape[] {
  return [
    {
      name: "serve",
      ports: [
        { name: "http", port: s.port },
        { name: "metrics", port: METRICS_PORT },
        { name: "health", port: HEALTH_PORT },
      ],
      healthPortName: "health",
      config: s.serve,
    },
    {
      name: "stream",
      ports: [{ name: "metrics", port: METRICS_PORT }],
      healthPortName: "metrics",
      config: s.stream,
    },
  ];
}

/** The pod's own name: the stream worker's transactional id and static group member id. */
export const POD_NAME: EnvVar["valueFrom"] = { fieldRef: { fieldPath: "metadata.name" } };

export interface EnvInputs {
  readonly scoring: StackConfig["scoring"];
  readonly kafka: { bootstrapServers: pulumi.Input<string>; username: string };
  readonly storage: { modelsRoot: pulumi.Input<string>; featuresRoot: pulumi.Input<string> };
  readonly objectStorage: { readonly endpoint: string; readonly region: string };
  readonly publicKeysConfigMap: pulumi.Input<string>;
}

/** Plain (non-secret) environment of a workload's container. */
export function workloadEnv(w: WorkloadShape, i: EnvInputs): EnvVar[] {
  const publicKey = (key: string): EnvVar => ({
    name: key,
    valueFrom: { configMapKeyRef: { name: i.publicKeysConfigMap, key } },
  });
  const common: EnvVar[] = [
    { name: "LOG_LEVEL", value: "info" },
    { name: "HTTP_HOST", value: "0.0.0.0" },
    { name: "HTTP_PORT", value: String(i.scoring.port) },
    { name: "METRICS_PORT", value: String(METRICS_PORT) },
    { name: "MODELS_ROOT", value: i.storage.modelsRoot },
    { name: "FEATURES_ROOT", value: i.storage.featuresRoot },
    { name: "S3_ENDPOINT", value: i.objectStorage.endpoint },
    { name: "S3_REGION", value: i.objectStorage.region },
    { name: "REDIS_TLS_CA_PATH", value: MANAGED_SERVICES_CA_FILE },
    publicKey(PUBLIC_KEYS_CONFIG_MAP_KEYS.modelSigning),
  ];
  if (w.name === "serve") {
    return [
      ...common,
      { name: "HEALTH_PORT", value: String(HEALTH_PORT) },
      publicKey(PUBLIC_KEYS_CONFIG_MAP_KEYS.tokenIssuer),
    ];
  }
  return [
    ...common,
    { name: "KAFKA_BROKERS", value: i.kafka.bootstrapServers },
    { name: "KAFKA_SECURITY_PROTOCOL", value: "sasl_ssl" },
    { name: "KAFKA_SSL_CA_PATH", value: MANAGED_SERVICES_CA_FILE },
    { name: "KAFKA_SASL_MECHANISM", value: "scram-sha-512" },
    { name: "KAFKA_SASL_USERNAME", value: i.kafka.username },
    { name: "KAFKA_TRANSACTIONAL_ID", valueFrom: POD_NAME },
    { name: "KAFKA_GROUP_INSTANCE_ID", valueFrom: POD_NAME },
  ];
}

export interface PodInputs {
  readonly image: pulumi.Input<string>;
  readonly env: pulumi.Input<EnvVar>[];
  /** Name of the Secret holding the managed services' CA (`ca.pem`). */
  readonly caSecretName: pulumi.Input<string>;
  /** The workload's own ServiceAccount when it carries a cloud role (its token is projected, not mounted). */
  readonly serviceAccountName?: pulumi.Input<string>;
}

/** Hardened pod template: non-root uid 1000, read-only root, no capabilities, no service-account token. */
export function podTemplate(w: PodShape, i: PodInputs): k8s.types.input.core.v1.PodTemplateSpec {
  const labels = SCORING_POD_LABELS[w.name];
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: w.healthPortName },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  const r = w.config.resources;
  return {
    metadata: { labels },
    spec: {
      ...hardenedPodSpec(labels),
      ...(i.serviceAccountName === undefined ? {} : { serviceAccountName: i.serviceAccountName }),
      terminationGracePeriodSeconds: 30,
      containers: [
        {
          name: w.name,
          image: i.image,
          args: [w.name],
          ports: w.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: "TCP" })),
          env: i.env,
          resources: {
            requests: { cpu: r.cpuRequest, memory: r.memoryRequest },
            limits: { cpu: r.cpuLimit, memory: r.memoryLimit },
          },
          startupProbe: probe("/healthz", 5, 24),
          livenessProbe: probe("/healthz", 10, 3),
          readinessProbe: probe("/readyz", 5, 2),
          securityContext: HARDENED_CONTAINER_SECURITY,
          volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            { name: "managed-services-ca", mountPath: MANAGED_SERVICES_CA_DIR, readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
        { name: "managed-services-ca", secret: { secretName: i.caSecretName } },
      ],
    },
  };
}
