/**
 * Pulumi entry point: validated stack config -> the cloud's platform roles (antifraud:cloud picks Yandex
 * Cloud or AWS) -> the shared in-cluster components -> stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { costReportFromConfig, loadStackConfig } from "./config";
import { Mlflow } from "./components/mlflow";
import { Monitoring, MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS } from "./components/monitoring";
import { PlatformNetworkPolicies } from "./components/network-policies";
import { ScoringKeys } from "./components/scoring-keys";
import {
  HEALTH_PORT,
  METRICS_PORT,
  ScoringWorkloads,
  SCORING_POD_LABELS,
} from "./components/scoring-workloads";
import { awsPlatform, yandexPlatform } from "./platform";

const loaded = loadStackConfig();
const { stack, config: c, secrets } = loaded;
const platform = c.cloud === "aws" ? awsPlatform(loaded) : yandexPlatform(loaded);
const { network, storage, kafka, kubernetes } = platform;
const inCluster = { provider: kubernetes.provider };

const scoringKeys = new ScoringKeys("scoring-keys", { namespace: kubernetes.namespace }, inCluster);
const scoring = new ScoringWorkloads(
  "scoring",
  {
    stack,
    namespace: kubernetes.namespace,
    imageRepository: kubernetes.imageRepository("scoring"),
    registry: kubernetes.registryLogin,
    registryAccess: kubernetes.registryAccess,
    scoring: c.scoring,
    kafka: {
      bootstrapServers: kafka.bootstrapServers,
      username: "scoring-stream",
      password: kafka.userPasswords["scoring-stream"] as pulumi.Output<string>,
    },
    qualityKafka: {
      username: "scoring-quality",
      password: kafka.userPasswords["scoring-quality"] as pulumi.Output<string>,
    },
    publicKeysConfigMap: scoringKeys.configMapName,
    cluster: kubernetes.integration,
    managedServicesCaPem: secrets.managedServicesCaPem,
    redis: { url: platform.redis.url },
    storage: {
      modelsRoot: pulumi.interpolate`s3://${storage.bucketNames.models}`,
      featuresRoot: pulumi.interpolate`s3://${storage.bucketNames.clean}/features`,
      access: storage.scoringAccess,
    },
  },
  inCluster,
);
new PlatformNetworkPolicies(
  "network-policies",
  {
    namespace: kubernetes.namespace,
    workloads: {
      serve: {
        podLabels: SCORING_POD_LABELS.serve,
        apiPort: c.scoring.port,
        metricsPort: METRICS_PORT,
        healthPort: HEALTH_PORT,
        kafka: false,
        featureStores: true,
      },
      stream: {
        podLabels: SCORING_POD_LABELS.stream,
        metricsPort: METRICS_PORT,
        healthPort: METRICS_PORT,
        kafka: true,
        featureStores: true,
      },
      quality: {
        podLabels: SCORING_POD_LABELS.quality,
        metricsPort: METRICS_PORT,
        healthPort: METRICS_PORT,
        kafka: true,
        featureStores: false,
      },
    },
    clientCidrs: c.scoring.clientCidrs,
    nodeCidrs: network.nodeCidrs,
    prometheus: { namespace: MONITORING_NAMESPACE, podLabels: PROMETHEUS_POD_LABELS },
    kafka: { cidrs: network.dataCidrs, port: kafka.port },
    redis: { cidrs: network.dataCidrs, ports: platform.redis.ports },
    objectStorageCidrs: kubernetes.integration.objectStorage.cidrs,
  },
  inCluster,
);
const postgresql = platform.postgresql;
const mlflow = new Mlflow(
  "mlflow",
  {
    stack,
    imageRepository: kubernetes.imageRepository("mlflow"),
    registry: kubernetes.registryLogin,
    registryAccess: kubernetes.registryAccess,
    mlflow: c.mlflow,
    database: {
      host: postgresql.host,
      port: postgresql.port,
      name: postgresql.database,
      user: postgresql.user,
      password: postgresql.password,
      ready: postgresql.ready,
    },
    managedServicesCaPem: secrets.managedServicesCaPem,
    artifacts: {
      bucket: storage.bucketNames.models,
      storageAccess: storage.mlflowAccess,
      access: storage.mlflowGrants,
    },
    nodeCidrs: network.nodeCidrs,
    databaseCidrs: network.dataCidrs,
    cluster: kubernetes.integration,
    pipelineCidrs: network.pipelineCidrs,
  },
  inCluster,
);
const airflow = platform.scheduler?.({
  mlflowTrackingUri: mlflow.internalUrl,
  modelSigningKeyPem: scoringKeys.modelSigningPrivateKeyPem,
});
const monitoring = new Monitoring(
  "monitoring",
  {
    environment: c.environment,
    monitoring: c.monitoring,
    workloadNamespace: kubernetes.namespace,
    targets: scoring.metricsTargets,
    alertWebhookUrl: secrets.alertWebhookUrl,
    telegramBotToken: secrets.telegramBotToken,
    internalLoadBalancer: kubernetes.integration.internalLoadBalancer,
  },
  inCluster,
);

export const scoringEndpoint = scoring.endpoint;
export const costEstimate = costReportFromConfig(c);
export const kafkaBootstrapServers = kafka.bootstrapServers;
export const buckets = storage.bucketNames;
export const cloud = platform.cloud;
export const grafanaUrl = monitoring.grafanaUrl;
export const kubeconfig = kubernetes.kubeconfig;
/** Operators mint API client tokens with it (`npm run token`); never give it to a client. */
export const scoringTokenIssuerKey = scoringKeys.tokenIssuerPrivateKeyPem;
/** The training pipeline signs bundle manifests with it (`--signing-key` / MODEL_SIGNING_KEY_FILE). */
export const modelSigningKey = scoringKeys.modelSigningPrivateKeyPem;
export const sparkJobProperties = platform.spark.jobProperties;
/**
 * MLflow's in-cluster URL (the ClusterIP Service's DNS name), for pods in the cluster; from a workstation:
 * `kubectl -n mlflow port-forward svc/mlflow 5000` and http://localhost:5000.
 */
export const mlflowUrl = mlflow.url;
/**
 * MLflow through its internal load balancer, `http://<address in the VPC>:5000`, admitted only from the
 * Airflow and Data Processing subnets: the pipelines' `mlflow_tracking_uri`.
 */
export const mlflowInternalUrl = mlflow.internalUrl;
/** Managed Airflow's cluster (Yandex; absent on AWS, where this round ships no scheduler). */
export const airflowClusterId = airflow?.clusterId;
/** Password of the Airflow web UI's `admin` user. */
export const airflowAdminPassword = airflow?.adminPassword;
