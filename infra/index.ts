/** Pulumi entry point: validated stack config -> components -> stack outputs. */
import * as pulumi from "@pulumi/pulumi";
import { costReportFromConfig, loadStackConfig } from "./config";
import { Airflow, DAGS_DIR } from "./components/airflow";
import { findDagFiles } from "./components/airflow-dags/dag-files";
import { Identity } from "./components/identity";
import { Kafka } from "./components/kafka";
import { Kubernetes } from "./components/kubernetes";
import { Mlflow } from "./components/mlflow";
import { MLFLOW_NODE_PORT } from "./components/mlflow-pod";
import { Monitoring, MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS } from "./components/monitoring";
import { KAFKA_SASL_SSL_PORT, Network, REDIS_SENTINEL_PORT, REDIS_TLS_PORT } from "./components/network";
import { Postgresql } from "./components/postgresql";
import { Redis } from "./components/redis";
import { PlatformNetworkPolicies } from "./components/network-policies";
import { ScoringKeys } from "./components/scoring-keys";
import {
  HEALTH_PORT,
  METRICS_PORT,
  ScoringWorkloads,
  SCORING_POD_LABELS,
} from "./components/scoring-workloads";
import { Spark } from "./components/spark";
import { Storage } from "./components/storage";

const { stack, config: c, secrets } = loadStackConfig();
const firstZone = 0;

const identity = new Identity("identity", { stack, folderId: c.yandex.folderId });
const network = new Network("network", {
  stack,
  zones: c.zones,
  vpcCidr: c.network.vpcCidr,
  subnetPrefixLength: c.network.subnetPrefixLength,
  podCidr: c.network.podCidr,
  serviceCidr: c.network.serviceCidr,
  adminCidrs: c.network.adminCidrs,
  scoringNodePort: c.scoring.nodePort,
  scoringClientCidrs: c.scoring.clientCidrs,
  grafanaNodePort: c.monitoring.grafanaNodePort,
  mlflowNodePort: MLFLOW_NODE_PORT,
});
const storage = new Storage("storage", {
  stack,
  folderId: c.yandex.folderId,
  adminServiceAccountId: identity.serviceAccountIds.storageAdmin,
  runtimeServiceAccountId: identity.serviceAccountIds.scoringRuntime,
  mlflowServiceAccountId: identity.serviceAccountIds.mlflow,
  dependsOn: identity.roleBindings.storageAdmin,
  kmsKeyBindings: identity.resourceBindings.kmsKey,
  bucketBindings: identity.bucketBindings,
  ...c.storage,
});
const kafka = new Kafka("kafka", {
  stack,
  environment: c.environment,
  networkId: network.networkId,
  zones: c.zones,
  subnetIds: network.subnetIds.data,
  securityGroupId: network.securityGroupIds.kafka,
  kafka: c.kafka,
});
const redis = new Redis("redis", {
  stack,
  environment: c.environment,
  networkId: network.networkId,
  zones: c.zones,
  subnetIds: network.subnetIds.data,
  securityGroupId: network.securityGroupIds.redis,
  redis: c.redis,
});
const spark = new Spark("spark", {
  stack,
  environment: c.environment,
  zone: c.zones[firstZone] as string,
  subnetId: network.subnetIds.spark[firstZone] as pulumi.Output<string>,
  securityGroupId: network.securityGroupIds.spark,
  serviceAccountId: identity.serviceAccountIds.sparkAgent,
  dependsOn: [...identity.roleBindings.sparkAgent, ...storage.kmsKeyAccess],
  bucket: storage.bucketNames.spark,
  credentials: storage.adminCredentials,
  spark: c.spark,
});
const postgresql = new Postgresql("postgresql", {
  stack,
  environment: c.environment,
  networkId: network.networkId,
  zones: c.zones,
  subnetIds: network.subnetIds.data,
  securityGroupId: network.securityGroupIds.postgresql,
  database: "mlflow",
  postgresql: c.mlflow.postgresql,
});
const kubernetes = new Kubernetes("kubernetes", {
  stack,
  networkId: network.networkId,
  zones: c.zones,
  subnetIds: network.subnetIds.k8s,
  masterSecurityGroupId: network.securityGroupIds.k8sMaster,
  nodeSecurityGroupId: network.securityGroupIds.k8sNodes,
  clusterServiceAccountId: identity.serviceAccountIds.k8sCluster,
  nodeServiceAccountId: identity.serviceAccountIds.k8sNodes,
  imagePusherServiceAccountId: identity.serviceAccountIds.imagePusher,
  registryBindings: identity.resourceBindings.registry,
  dependsOn: [
    ...identity.roleBindings.k8sCluster,
    ...identity.roleBindings.k8sNodes,
    ...storage.kmsKeyAccess,
  ],
  kmsKeyId: storage.kmsKeyId,
  podCidr: c.network.podCidr,
  serviceCidr: c.network.serviceCidr,
  kubernetes: c.kubernetes,
});
const scoringKeys = new ScoringKeys(
  "scoring-keys",
  { namespace: kubernetes.namespace },
  { provider: kubernetes.provider },
);
const scoring = new ScoringWorkloads(
  "scoring",
  {
    stack,
    namespace: kubernetes.namespace,
    imageRepository: pulumi.interpolate`${kubernetes.registryServer}/${kubernetes.registryId}/scoring`,
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
    internalSubnetId: network.subnetIds.k8s[firstZone] as pulumi.Output<string>,
    managedServicesCaPem: secrets.managedServicesCaPem,
    redis: {
      url: pulumi.interpolate`rediss://:${redis.password}@c-${redis.clusterId}.rw.mdb.yandexcloud.net:${redis.port}`,
    },
    storage: {
      modelsRoot: pulumi.interpolate`s3://${storage.bucketNames.models}`,
      featuresRoot: pulumi.interpolate`s3://${storage.bucketNames.clean}/features`,
      accessKey: storage.runtimeCredentials.accessKey,
      secretKey: storage.runtimeCredentials.secretKey,
    },
  },
  { provider: kubernetes.provider },
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
    nodeCidrs: network.subnetCidrs.k8s,
    prometheus: { namespace: MONITORING_NAMESPACE, podLabels: PROMETHEUS_POD_LABELS },
    kafka: { cidrs: network.subnetCidrs.data, port: KAFKA_SASL_SSL_PORT },
    redis: { cidrs: network.subnetCidrs.data, ports: [REDIS_TLS_PORT, REDIS_SENTINEL_PORT] },
    objectStorageCidrs: c.scoring.objectStorageCidrs,
  },
  { provider: kubernetes.provider },
);
const mlflow = new Mlflow(
  "mlflow",
  {
    stack,
    imageRepository: pulumi.interpolate`${kubernetes.registryServer}/${kubernetes.registryId}/mlflow`,
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
      accessKey: storage.mlflowCredentials.accessKey,
      secretKey: storage.mlflowCredentials.secretKey,
      access: [...storage.bucketAccess.models, ...storage.kmsKeyAccess],
    },
    nodeCidrs: network.subnetCidrs.k8s,
    databaseCidrs: network.subnetCidrs.data,
    objectStorageCidrs: c.scoring.objectStorageCidrs,
    internalSubnetId: network.subnetIds.k8s[firstZone] as pulumi.Output<string>,
    pipelineCidrs: network.pipelineCidrs,
  },
  { provider: kubernetes.provider },
);
const airflow = new Airflow("airflow", {
  stack,
  environment: c.environment,
  folderId: c.yandex.folderId,
  subnetIds: network.subnetIds.data,
  securityGroupId: network.securityGroupIds.airflow,
  serviceAccountId: identity.serviceAccountIds.airflow,
  modelSigningKeyPem: scoringKeys.modelSigningPrivateKeyPem,
  jobServiceAccountId: identity.serviceAccountIds.sparkAgent,
  dependsOn: [...identity.roleBindings.airflow, ...storage.kmsKeyAccess, ...storage.bucketAccess.airflow],
  dagBucket: storage.bucketNames.airflow,
  credentials: storage.adminCredentials,
  dagFiles: findDagFiles(DAGS_DIR),
  kmsKeyId: storage.kmsKeyId,
  locations: {
    dataprocClusterId: spark.clusterId,
    buckets: {
      raw: storage.bucketNames.raw,
      clean: storage.bucketNames.clean,
      models: storage.bucketNames.models,
    },
    jobsUri: spark.jobsUri,
    sparkProperties: spark.jobProperties,
    // Airflow's workers and the Spark jobs run outside the cluster: the internal load balancer, not the DNS name.
    mlflowTrackingUri: mlflow.internalUrl,
  },
  airflow: c.airflow,
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
    internalSubnetId: network.subnetIds.k8s[firstZone] as pulumi.Output<string>,
  },
  { provider: kubernetes.provider },
);

export const scoringEndpoint = scoring.endpoint;
export const costEstimate = costReportFromConfig(c);
export const kafkaBootstrapServers = kafka.bootstrapServers;
export const buckets = storage.bucketNames;
export const grafanaUrl = monitoring.grafanaUrl;
export const kubeconfig = kubernetes.kubeconfig;
/** Operators mint API client tokens with it (`npm run token`); never give it to a client. */
export const scoringTokenIssuerKey = scoringKeys.tokenIssuerPrivateKeyPem;
/** The training pipeline signs bundle manifests with it (`--signing-key` / MODEL_SIGNING_KEY_FILE). */
export const modelSigningKey = scoringKeys.modelSigningPrivateKeyPem;
export const sparkJobProperties = spark.jobProperties;
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
export const airflowClusterId = airflow.clusterId;
/** Password of the Airflow web UI's `admin` user. */
export const airflowAdminPassword = airflow.adminPassword;
