import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceConfig } from "../config/schema";
import { k8sName } from "../naming";
import {
  MANAGED_SERVICES_CA_FILE,
  METRICS_PORT,
  METRICS_SERVICE_LABEL,
  POD_NAME,
  podTemplate,
  SCORING_POD_LABELS,
  type PodShape,
} from "./scoring-pod";

/**
 * One JSON parse and a map lookup per record; the memory holds the join's waiting scores
 * (QUALITY_PENDING_SCORES_MAX, 500,000 by default at about 200 bytes each) with headroom.
 */
export const QUALITY_RESOURCES: ResourceConfig = {
  cpuRequest: "100m",
  cpuLimit: "500m",
  memoryRequest: "256Mi",
  memoryLimit: "512Mi",
};

export interface QualityWorkloadInputs {
  readonly namespace: pulumi.Input<string>;
  /** The scoring image (pinned by digest): the same binary, command `quality`. */
  readonly image: pulumi.Input<string>;
  /** Secret holding Yandex's CA (`ca.pem`), which the Kafka certificates are verified against. */
  readonly caSecretName: pulumi.Input<string>;
  /** Bootstrap servers and the `scoring-quality` user (read on scores and labels only). */
  readonly kafka: {
    bootstrapServers: pulumi.Input<string>;
    username: string;
    password: pulumi.Input<string>;
  };
  /** Two redundant replicas and a PodDisruptionBudget (stacks that require disruption budgets), else one. */
  readonly redundant: boolean;
}

const SHAPE: PodShape = {
  name: "quality",
  ports: [{ name: "metrics", port: METRICS_PORT }],
  healthPortName: "metrics",
  config: { resources: QUALITY_RESOURCES },
};

/**
 * The `quality` workload: a StatefulSet whose every pod is a complete quality consumer under a
 * consumer group of its own (its stable pod name), reading every partition of scores and labels.
 * Replicas are redundant rather than sharing partitions: scores and labels are not co-partitioned
 * (different partition counts), so a split would separate a score from its label. Its governing
 * Service carries /metrics for the ServiceMonitor. Returns the metrics target.
 */
export function qualityWorkload(
  parent: pulumi.Resource,
  name: string,
  i: QualityWorkloadInputs,
): { workload: "quality"; portName: string; selector: Record<string, string> } {
  const labels = SCORING_POD_LABELS.quality;
  const credentials = new k8s.core.v1.Secret(
    `${name}-quality-kafka-credentials`,
    {
      metadata: { name: k8sName("scoring", "quality", "kafka"), namespace: i.namespace },
      type: "Opaque",
      stringData: pulumi.secret(pulumi.output({ KAFKA_SASL_PASSWORD: i.kafka.password })),
    },
    { parent },
  );
  const template = podTemplate(SHAPE, {
    image: i.image,
    caSecretName: i.caSecretName,
    env: [
      { name: "LOG_LEVEL", value: "info" },
      { name: "HTTP_HOST", value: "0.0.0.0" },
      { name: "METRICS_PORT", value: String(METRICS_PORT) },
      { name: "KAFKA_BROKERS", value: i.kafka.bootstrapServers },
      { name: "KAFKA_CLIENT_ID", value: "antifraud-quality" },
      { name: "KAFKA_SECURITY_PROTOCOL", value: "sasl_ssl" },
      { name: "KAFKA_SSL_CA_PATH", value: MANAGED_SERVICES_CA_FILE },
      { name: "KAFKA_SASL_MECHANISM", value: "scram-sha-512" },
      { name: "KAFKA_SASL_USERNAME", value: i.kafka.username },
      { name: "QUALITY_KAFKA_GROUP_ID", valueFrom: POD_NAME },
      {
        name: "KAFKA_SASL_PASSWORD",
        valueFrom: { secretKeyRef: { name: credentials.metadata.name, key: "KAFKA_SASL_PASSWORD" } },
      },
    ],
  });
  const metadata = { name: k8sName("scoring", "quality"), namespace: i.namespace, labels };
  const workload = new k8s.apps.v1.StatefulSet(
    `${name}-quality`,
    {
      metadata,
      spec: {
        replicas: i.redundant ? 2 : 1,
        serviceName: metadata.name,
        podManagementPolicy: "Parallel",
        selector: { matchLabels: labels },
        updateStrategy: { type: "RollingUpdate" },
        template,
      },
    },
    { parent },
  );
  const metricsLabels = { ...labels, [METRICS_SERVICE_LABEL]: "true" };
  new k8s.core.v1.Service(
    `${name}-quality-service`,
    {
      metadata: { name: metadata.name, namespace: i.namespace, labels: metricsLabels },
      spec: {
        type: "ClusterIP",
        selector: labels,
        ports: [{ name: "metrics", port: METRICS_PORT, targetPort: "metrics", protocol: "TCP" }],
      },
    },
    { parent, dependsOn: [workload] },
  );
  if (i.redundant) {
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-quality-pdb`,
      {
        metadata: { name: metadata.name, namespace: i.namespace, labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
      },
      { parent },
    );
  }
  return { workload: "quality", portName: "metrics", selector: metricsLabels };
}
