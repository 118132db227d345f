/** The platform's roles on Yandex Cloud: the managed services, Managed Kubernetes and Managed Airflow. */
import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "../config";
import { Airflow, DAGS_DIR } from "../components/airflow";
import { findDagFiles } from "../components/airflow-dags/dag-files";
import { Identity } from "../components/identity";
import { Kafka } from "../components/kafka";
import { Kubernetes } from "../components/kubernetes";
import { MLFLOW_NODE_PORT } from "../components/mlflow-pod";
import { KAFKA_SASL_SSL_PORT, Network, REDIS_SENTINEL_PORT, REDIS_TLS_PORT } from "../components/network";
import { Postgresql } from "../components/postgresql";
import { Redis } from "../components/redis";
import { Spark } from "../components/spark";
import { Storage } from "../components/storage";
import type { CloudPlatform } from "./platform";
import { yandexClusterIntegration } from "./yandex-integration";

const firstZone = 0;

/** Builds the Yandex implementation of every role. */
export function yandexPlatform({ stack, config: c }: LoadedConfig): CloudPlatform {
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
  const internalSubnetId = network.subnetIds.k8s[firstZone] as pulumi.Output<string>;

  return {
    cloud: "yandex",
    network: {
      nodeCidrs: network.subnetCidrs.k8s,
      dataCidrs: network.subnetCidrs.data,
      pipelineCidrs: network.pipelineCidrs,
    },
    storage: {
      bucketNames: storage.bucketNames,
      scoringAccess: { kind: "keys", ...storage.runtimeCredentials },
      mlflowAccess: { kind: "keys", ...storage.mlflowCredentials },
      mlflowGrants: [...storage.bucketAccess.models, ...storage.kmsKeyAccess],
    },
    kafka: {
      bootstrapServers: kafka.bootstrapServers,
      userPasswords: kafka.userPasswords,
      port: KAFKA_SASL_SSL_PORT,
    },
    redis: {
      url: pulumi.interpolate`rediss://:${redis.password}@c-${redis.clusterId}.rw.mdb.yandexcloud.net:${redis.port}`,
      ports: [REDIS_TLS_PORT, REDIS_SENTINEL_PORT],
    },
    spark,
    postgresql,
    kubernetes: {
      provider: kubernetes.provider,
      namespace: kubernetes.namespace,
      kubeconfig: kubernetes.kubeconfig,
      imageRepository: (image) =>
        pulumi.interpolate`${kubernetes.registryServer}/${kubernetes.registryId}/${image}`,
      registryLogin: kubernetes.registryLogin,
      registryAccess: kubernetes.registryAccess,
      integration: yandexClusterIntegration(internalSubnetId, c.scoring.objectStorageCidrs),
    },
    scheduler: ({ mlflowTrackingUri, modelSigningKeyPem }) =>
      new Airflow("airflow", {
        stack,
        environment: c.environment,
        folderId: c.yandex.folderId,
        subnetIds: network.subnetIds.data,
        securityGroupId: network.securityGroupIds.airflow,
        serviceAccountId: identity.serviceAccountIds.airflow,
        modelSigningKeyPem,
        jobServiceAccountId: identity.serviceAccountIds.sparkAgent,
        dependsOn: [
          ...identity.roleBindings.airflow,
          ...storage.kmsKeyAccess,
          ...storage.bucketAccess.airflow,
        ],
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
          mlflowTrackingUri,
        },
        airflow: c.airflow,
      }),
  };
}
