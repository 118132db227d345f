/**
 * What an MLflow tracking pod looks like, as pure data: the server's arguments, its environment, the
 * hardened pod template (the same securityContext as the scoring pods), the backend store URI, the
 * in-cluster URL and the URL through the internal load balancer. The Mlflow component wires these to the
 * image, the Secrets and the Services.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceConfig } from "../config/schema";
import { HARDENED_CONTAINER_SECURITY, hardenedPodSpec } from "./pod-hardening";

export const MLFLOW_NAMESPACE = "mlflow";
export const MLFLOW_SERVICE_NAME = "mlflow";
export const MLFLOW_PORT = 5000;
/**
 * The second Service: an internal (VPC-only) load balancer for the clients outside the cluster, Managed
 * Airflow's workers and the Data Processing jobs, which cannot resolve or reach the ClusterIP Service.
 */
export const MLFLOW_INTERNAL_SERVICE_NAME = "mlflow-internal";
/**
 * Node port behind that load balancer: fixed, so the nodes' security group can admit exactly it from the
 * pipeline subnets (as it admits the scoring and Grafana node ports).
 */
export const MLFLOW_NODE_PORT = 30500;
/** Artifacts live under this prefix of the models bucket, apart from the model bundles. */
export const MLFLOW_ARTIFACTS_PREFIX = "mlflow";
/** Where the pod finds Yandex's CA, which signs the managed PostgreSQL certificate. */
export const MLFLOW_CA_DIR = "/etc/mlflow/tls";
export const MLFLOW_CA_FILE = `${MLFLOW_CA_DIR}/ca.pem`;
/** Environment names the server's Secrets provide (referenced, never literal). */
export const BACKEND_STORE_ENV = "MLFLOW_BACKEND_STORE_URI";
export const S3_KEY_ENVS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;

export const MLFLOW_POD_LABELS: Record<string, string> = {
  "app.kubernetes.io/name": "mlflow",
  "app.kubernetes.io/component": "tracking",
  "app.kubernetes.io/part-of": "antifraud",
};

type EnvVar = k8s.types.input.core.v1.EnvVar;

/** `http://<service>.<namespace>.svc.cluster.local:<port>`: what clients in the cluster (and port-forward) use. */
export function mlflowTrackingUrl(
  namespace: string = MLFLOW_NAMESPACE,
  service: string = MLFLOW_SERVICE_NAME,
  port: number = MLFLOW_PORT,
): string {
  return `http://${service}.${namespace}.svc.cluster.local:${port}`;
}

/**
 * `http://<address>:<port>`: the tracking URL through the internal load balancer, what the pipelines in the
 * VPC (Airflow workers, Spark jobs) use.
 */
export function mlflowInternalUrl(address: string, port: number = MLFLOW_PORT): string {
  return `http://${address}:${port}`;
}

export interface BackendStore {
  readonly user: string;
  readonly password: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

/** SQLAlchemy URI of the backend store; TLS with the server certificate checked against the CA. */
export function backendStoreUri(b: BackendStore, caFile: string = MLFLOW_CA_FILE): string {
  const auth = `${encodeURIComponent(b.user)}:${encodeURIComponent(b.password)}`;
  return (
    `postgresql://${auth}@${b.host}:${b.port}/${encodeURIComponent(b.database)}` +
    `?sslmode=verify-full&sslrootcert=${caFile}`
  );
}

/**
 * `mlflow server` arguments. The backend URI comes from the environment (a Secret) through Kubernetes'
 * `$(VAR)` expansion, so the pod spec never holds the password; artifacts are proxied by the server, so
 * clients need no bucket keys of their own.
 */
export function serverArgs(artifactsDestination: pulumi.Input<string>): pulumi.Input<string>[] {
  return [
    "server",
    "--host",
    "0.0.0.0",
    "--port",
    String(MLFLOW_PORT),
    "--backend-store-uri",
    `$(${BACKEND_STORE_ENV})`,
    "--artifacts-destination",
    artifactsDestination,
    "--serve-artifacts",
    "--workers",
    "2",
  ];
}

/** Plain environment: the S3 API's endpoint and region for boto3, and a writable HOME on the /tmp volume. */
export function plainEnv(objectStorage: { readonly endpoint: string; readonly region: string }): EnvVar[] {
  return [
    { name: "MLFLOW_S3_ENDPOINT_URL", value: objectStorage.endpoint },
    { name: "AWS_DEFAULT_REGION", value: objectStorage.region },
    { name: "HOME", value: "/tmp" },
  ];
}

export interface MlflowPodInputs {
  readonly image: pulumi.Input<string>;
  readonly artifactsDestination: pulumi.Input<string>;
  readonly env: pulumi.Input<EnvVar>[];
  readonly resources: ResourceConfig;
  /** Secret holding the CA (`ca.pem`). */
  readonly caSecretName: pulumi.Input<string>;
  /** The server's own ServiceAccount when it carries a cloud role (its token is projected, not mounted). */
  readonly serviceAccountName?: pulumi.Input<string>;
}

/** Non-root uid 1000, read-only root, no capabilities, no service-account token; probes on /health. */
export function mlflowPodTemplate(i: MlflowPodInputs): k8s.types.input.core.v1.PodTemplateSpec {
  const probe = (periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path: "/health", port: "http" },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 3,
  });
  const r = i.resources;
  return {
    metadata: { labels: MLFLOW_POD_LABELS },
    spec: {
      ...hardenedPodSpec(MLFLOW_POD_LABELS),
      ...(i.serviceAccountName === undefined ? {} : { serviceAccountName: i.serviceAccountName }),
      containers: [
        {
          name: "mlflow",
          image: i.image,
          // No command: the image's entrypoint (tini and the mlflow CLI, services/mlflow/Dockerfile).
          args: serverArgs(i.artifactsDestination),
          ports: [{ name: "http", containerPort: MLFLOW_PORT, protocol: "TCP" }],
          env: i.env,
          resources: {
            requests: { cpu: r.cpuRequest, memory: r.memoryRequest },
            limits: { cpu: r.cpuLimit, memory: r.memoryLimit },
          },
          // The first start migrates the database schema: the startup probe allows for it.
          startupProbe: probe(5, 60),
          livenessProbe: probe(10, 3),
          readinessProbe: probe(5, 2),
          securityContext: HARDENED_CONTAINER_SECURITY,
          volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            { name: "managed-services-ca", mountPath: MLFLOW_CA_DIR, readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: "tmp", emptyDir: { sizeLimit: "512Mi" } },
        { name: "managed-services-ca", secret: { secretName: i.caSecretName } },
      ],
    },
  };
}
