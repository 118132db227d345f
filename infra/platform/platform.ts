/**
 * The roles one cloud provides to the platform, whichever cloud it is: network, object storage and
 * identity, Kafka, Redis, Spark, PostgreSQL, and Kubernetes with its registry. `infra/index.ts` builds one
 * implementation by `antifraud:cloud` and hands these to the shared in-cluster components.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterIntegration, StorageAccess } from "../components/cluster-integration";
import type { RegistryLogin } from "../components/pushed-image";
import type { ScoringStorageAccess } from "../components/scoring-workloads";
import type { SparkJobProperties } from "../components/spark-jobs/job-properties";
import type { Cloud } from "../config/schema";

/** Buckets every cloud creates; Yandex adds one for Managed Airflow's DAGs. */
export interface PlatformBuckets {
  readonly raw: pulumi.Output<string>;
  readonly clean: pulumi.Output<string>;
  readonly models: pulumi.Output<string>;
  readonly spark: pulumi.Output<string>;
  readonly airflow?: pulumi.Output<string>;
}

export interface NetworkRole {
  /** Kubernetes node subnets (the kubelet probes pods from these). */
  readonly nodeCidrs: readonly string[];
  /** Data-tier subnets: Kafka, Redis and PostgreSQL. */
  readonly dataCidrs: readonly string[];
  /** Where the pipelines run outside the cluster; the only networks MLflow's internal load balancer admits. */
  readonly pipelineCidrs: readonly string[];
}

export interface StorageRole {
  readonly bucketNames: PlatformBuckets;
  /** How serve and stream read models and features. */
  readonly scoringAccess: ScoringStorageAccess;
  /** How MLflow writes run artifacts under mlflow/ in the models bucket. */
  readonly mlflowAccess: StorageAccess;
  /** Grants the MLflow server's writes depend on. */
  readonly mlflowGrants: pulumi.Resource[];
}

export interface KafkaRole {
  readonly bootstrapServers: pulumi.Output<string>;
  /** SASL/SCRAM password of each service user (KAFKA_USERS). */
  readonly userPasswords: Readonly<Record<string, pulumi.Output<string>>>;
  /** The brokers' SASL_SSL listener port (egress NetworkPolicies admit it). */
  readonly port: number;
}

export interface RedisRole {
  /** `rediss://:<password>@<primary>:<port>`: TLS, the AUTH password inside (secret). */
  readonly url: pulumi.Output<string>;
  /** Ports clients connect to (egress NetworkPolicies admit them). */
  readonly ports: readonly number[];
}

export interface SparkRole {
  /** Properties the pipelines pass to every job, sized from the hosts (spark-jobs/job-properties). */
  readonly jobProperties: SparkJobProperties;
  /** `s3a://` prefix of the uploaded job files (entry points, the package zip, the feature spec). */
  readonly jobsUri: pulumi.Output<string>;
}

export interface PostgresqlRole {
  readonly host: pulumi.Output<string>;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: pulumi.Output<string>;
  /** What must exist before a client connects (the database, its user). */
  readonly ready: pulumi.Resource;
}

export interface KubernetesRole {
  readonly provider: k8s.Provider;
  readonly namespace: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  /** Repository of one image in the stack's registry, e.g. `<registry>/scoring`. */
  imageRepository(image: "scoring" | "mlflow"): pulumi.Output<string>;
  readonly registryLogin: RegistryLogin;
  /** Grants the pushes and the nodes' pulls depend on. */
  readonly registryAccess: pulumi.Resource[];
  /** How the in-cluster components meet the cloud: load balancers and the S3 API. */
  readonly integration: ClusterIntegration;
}

/**
 * Managed Airflow, where the cloud has it. It is built last: it needs MLflow's URL (once the in-cluster
 * server exists) and the key a retrain on the cluster signs bundles with.
 */
export type SchedulerRole = (inputs: {
  readonly mlflowTrackingUri: pulumi.Output<string>;
  readonly modelSigningKeyPem: pulumi.Output<string>;
}) => {
  readonly clusterId: pulumi.Output<string>;
  readonly adminPassword: pulumi.Output<string>;
};

export interface CloudPlatform {
  readonly cloud: Cloud;
  readonly network: NetworkRole;
  readonly storage: StorageRole;
  readonly kafka: KafkaRole;
  readonly redis: RedisRole;
  readonly spark: SparkRole;
  readonly postgresql: PostgresqlRole;
  readonly kubernetes: KubernetesRole;
  readonly scheduler?: SchedulerRole;
}
