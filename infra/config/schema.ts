/**
 * The whole stack configuration as one zod schema. Field checks live here; rules that relate
 * several fields (replication vs brokers, CIDR layout, HA requirements of prod) are in `rules.ts`.
 */
import { z } from "zod";
import {
  KAFKA_VERSIONS,
  KUBERNETES_VERSIONS,
  POSTGRESQL_VERSIONS,
  VALKEY_VERSIONS,
  type AcceptedVersions,
} from "./versions";

export const YANDEX_ZONES = ["ru-central1-a", "ru-central1-b", "ru-central1-d"] as const;
export const CLOUDS = ["yandex", "aws"] as const;
export type Cloud = (typeof CLOUDS)[number];
/** AWS regions the AWS price table (infra/cost/aws-price-table.json) has list prices for. */
export const AWS_REGIONS = ["us-east-1", "eu-central-1"] as const;
/** The zone slot of each Yandex zone names the AWS zone of that slot: ru-central1-a/b/d -> <region>a/b/c. */
export const AWS_ZONE_SUFFIXES = ["a", "b", "c"] as const;
/** Each tier gets its own subnet per zone, so security groups can admit a tier by its CIDRs. */
export const NETWORK_TIERS = ["k8s", "data", "spark"] as const;
export type NetworkTier = (typeof NETWORK_TIERS)[number];
/** On AWS a fourth tier of public subnets holds the NAT gateways and the internet-facing load balancers. */
export const AWS_NETWORK_TIERS = [...NETWORK_TIERS, "public"] as const;
export type AwsNetworkTier = (typeof AWS_NETWORK_TIERS)[number];

const cidr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: "must be an IPv4 CIDR such as 10.10.0.0/16" });
const positiveInt = z.int().min(1, { error: "must be an integer >= 1" });
const diskType = z.enum(["network-hdd", "network-ssd", "network-ssd-nonreplicated"], {
  error: "must be one of network-hdd, network-ssd, network-ssd-nonreplicated",
});
/** Yandex resource presets look like s3-c2-m8 (platform, cores, memory). */
const preset = z
  .string()
  .regex(/^[a-z0-9]+-c\d+-m\d+$/, { error: "must be a Yandex resource preset such as s3-c2-m8" });
/** Managed Airflow presets name vCPUs and GB of RAM: c1-m4, c2-m8, ... */
const airflowPreset = z
  .string()
  .regex(/^c\d+-m\d+$/, { error: "must be a Managed Airflow resource preset such as c1-m4" });
/** A cron expression of five fields or one of Airflow's presets (@daily, @weekly, ...). */
const schedule = z.string().regex(/^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/, {
  error: 'must be an Airflow schedule: a five-field cron expression or a preset such as "@weekly"',
});
const cpuQuantity = z
  .string()
  .regex(/^(\d+m|\d+(\.\d+)?)$/, { error: 'must be a Kubernetes CPU quantity such as "250m" or "1"' });
const memoryQuantity = z
  .string()
  .regex(/^\d+(Mi|Gi)$/, { error: 'must be a Kubernetes memory quantity such as "256Mi" or "1Gi"' });
const duration = z.string().regex(/^\d+[smhdwy]$/, { error: 'must be a duration such as "15d" or "12h"' });
/** One of the versions the managed service accepts (see versions.ts for the source of each list). */
const acceptedVersion = (accepted: AcceptedVersions) =>
  z.enum(accepted.values as [string, ...string[]], {
    error: `must be one of ${accepted.values.join(", ")} (the versions the managed service accepts)`,
  });
const semver = z
  .string()
  .regex(/^\d+\.\d+\.\d+$/, { error: 'must be an exact chart version such as "77.0.1"' });

const resources = z.strictObject({
  cpuRequest: cpuQuantity.describe("CPU request per container (Kubernetes quantity); at most cpuLimit."),
  cpuLimit: cpuQuantity.describe("CPU limit per container (Kubernetes quantity)."),
  memoryRequest: memoryQuantity.describe("Memory request per container; at most memoryLimit."),
  memoryLimit: memoryQuantity.describe("Memory limit per container."),
});

const topic = z.strictObject({
  partitions: positiveInt.max(1000, { error: "must be <= 1000" }).describe("Partitions of the topic."),
  retentionHours: positiveInt.describe("Hours a message is kept (retention.ms = hours x 3,600,000)."),
});

const workload = z.strictObject({
  minReplicas: positiveInt.describe(
    "Replicas at rest, and the HPA floor when autoscaling is on; prod needs >= 2; at most maxReplicas.",
  ),
  maxReplicas: positiveInt.describe(
    "HPA ceiling; the stream worker's must not exceed the partitions of the transactions topic.",
  ),
  targetCpuUtilization: z
    .int()
    .min(10)
    .max(95, { error: "must be a percentage between 10 and 95" })
    .describe("Average CPU utilisation, percent of the request, the HPA scales to."),
  resources: resources.describe("Requests and limits of the container."),
});

const diskGb = (what: string) => positiveInt.describe(`${what} disk size, GB.`);
const diskTypeOf = (what: string) => diskType.describe(`${what} disk type.`);
const airflowInstances = (what: string) =>
  z
    .strictObject({
      count: positiveInt.describe(`${what} instances.`),
      preset: airflowPreset.describe(`${what} resource preset.`),
    })
    .describe(`${what} instances of the Airflow cluster.`);

export const stackConfigSchema = z.strictObject({
  cloud: z
    .enum(CLOUDS, { error: 'must be "yandex" or "aws"' })
    .default("yandex")
    .describe(
      "The cloud the stack deploys to: yandex (default) or aws. The sizes below serve both: on AWS each " +
        "preset maps to the smallest instance type with at least its vCPUs and RAM (infra/aws/sizes.ts), " +
        "and zone slots a/b/d map to the region's zones a/b/c.",
    ),
  aws: z
    .strictObject({
      region: z
        .enum(AWS_REGIONS, { error: `must be one of ${AWS_REGIONS.join(", ")} (the priced regions)` })
        .describe("Region of every AWS resource (the AWS provider's region)."),
      s3Cidrs: z
        .array(cidr)
        .min(1, { error: "must list the S3 addresses the pods read models from" })
        .describe(
          "Addresses of the region's S3 endpoints (the com.amazonaws.<region>.s3 prefix list) the pods may " +
            "reach (egress NetworkPolicy, TCP 443); the AWS counterpart of scoring.objectStorageCidrs.",
        ),
      budget: z
        .strictObject({
          monthlyLimit: z
            .number()
            .positive({ error: "must be a positive amount" })
            .describe("Monthly limit the AWS maximum cost estimate is checked against."),
          currency: z
            .literal("USD", { error: 'must be "USD" (the AWS price table currency)' })
            .describe("Currency of monthlyLimit; the AWS price table's."),
        })
        .describe("Budget of the AWS cost estimate."),
    })
    .describe("AWS settings, used when cloud is aws."),
  yandex: z
    .strictObject({
      cloudId: z
        .string()
        .regex(/^[a-z0-9]{20}$/, { error: "must be a 20-character Yandex cloud id" })
        .describe("Cloud the stack deploys into (also read by the Yandex provider)."),
      folderId: z
        .string()
        .regex(/^[a-z0-9]{20}$/, { error: "must be a 20-character Yandex folder id" })
        .describe("Folder that holds every resource and service account; part of the bucket names."),
      zone: z
        .enum(YANDEX_ZONES, { error: `must be one of ${YANDEX_ZONES.join(", ")}` })
        .describe("The provider's default zone; must be one of antifraud:zones."),
    })
    .describe("Yandex provider settings (namespace yandex:)."),
  environment: z
    .enum(["dev", "prod"], { error: 'must be "dev" or "prod"' })
    .describe(
      "dev (small, cheap, preemptible) or prod (three zones, replicated, HPA + PDB; the prod rules apply). " +
        "Labels every resource.",
    ),
  zones: z
    .array(z.enum(YANDEX_ZONES, { error: `must be one of ${YANDEX_ZONES.join(", ")}` }))
    .min(1, { error: "must list at least one zone" })
    .describe(
      "Availability zones, each listed once: one subnet per tier, one node group and one Kafka/Redis " +
        "host group per zone. prod needs all three.",
    ),
  network: z
    .strictObject({
      vpcCidr: cidr.describe(
        "VPC address block, split into one subnet per tier (k8s, data, spark) and zone slot.",
      ),
      subnetPrefixLength: z
        .int()
        .min(16)
        .max(28, { error: "must be between 16 and 28" })
        .describe(
          `Prefix length of each subnet; vpcCidr must hold ${NETWORK_TIERS.length * YANDEX_ZONES.length} of ` +
            `them (${NETWORK_TIERS.length} tiers x ${YANDEX_ZONES.length} zone slots).`,
        ),
      podCidr: cidr.describe("Kubernetes pod range; must not overlap vpcCidr or serviceCidr."),
      serviceCidr: cidr.describe("Kubernetes service range; must not overlap vpcCidr or podCidr."),
      adminCidrs: z
        .array(cidr)
        .min(1, { error: "must list the networks allowed to reach the Kubernetes API" })
        .describe("Networks allowed to reach the Kubernetes API and Grafana."),
    })
    .describe("VPC layout and who may reach the control plane."),
  storage: z
    .strictObject({
      rawColdAfterDays: positiveInt.describe(
        "Raw files move to the COLD class after this many days; below rawExpireAfterDays.",
      ),
      rawExpireAfterDays: positiveInt.describe("Raw files are deleted after this many days."),
      cleanExpireAfterDays: positiveInt.describe("Clean data and features are deleted after this many days."),
      modelNoncurrentExpireAfterDays: positiveInt.describe(
        "Superseded versions in the (versioned) models bucket are deleted after this many days.",
      ),
      logExpireAfterDays: positiveInt.describe(
        "Spark logs (logs/ in the Spark bucket) are deleted after this many days.",
      ),
      kmsRotationPeriod: z
        .string()
        .regex(/^\d+h$/, { error: 'must be hours such as "8760h"' })
        .describe("Rotation period of the KMS key that encrypts the buckets and Kubernetes Secrets."),
      volumesGb: z
        .strictObject({
          raw: positiveInt.describe("Raw bucket, GB; split between STANDARD and COLD by the lifecycle days."),
          clean: positiveInt.describe("Clean data and features bucket, GB."),
          models: positiveInt.describe("Models bucket, GB."),
          spark: positiveInt.describe("Spark job files and logs bucket, GB."),
          airflow: positiveInt.describe("Airflow DAG bucket, GB."),
          registry: positiveInt.describe("Container registry, GB."),
        })
        .describe(
          "Expected steady-state volume per bucket and in the registry; priced by the cost estimate.",
        ),
      forceDestroy: z.boolean().describe("Allow deleting non-empty buckets with the stack (dev only)."),
    })
    .describe(
      "Buckets (raw, clean, models, spark, airflow), their lifecycle, the KMS key and the stored volumes.",
    ),
  spark: z
    .strictObject({
      imageVersion: z
        .string()
        .regex(/^\d+\.\d+$/, { error: 'must be a Data Processing image version such as "2.1"' })
        .describe("Data Processing image version."),
      master: z
        .strictObject({
          preset: preset.describe("Master host resource preset."),
          diskGb: diskGb("Master host"),
          diskType: diskTypeOf("Master host"),
        })
        .describe("Master subcluster (one host)."),
      data: z
        .strictObject({
          preset: preset.describe("Data host resource preset."),
          hosts: positiveInt.describe("Data hosts (HDFS data nodes)."),
          diskGb: diskGb("Data host"),
          diskType: diskTypeOf("Data host"),
        })
        .describe("Data subcluster (fixed size)."),
      compute: z
        .strictObject({
          preset: preset.describe("Compute host resource preset."),
          minHosts: z
            .int()
            .min(0, { error: "must be an integer >= 0" })
            .describe("Compute hosts at rest; at most maxHosts."),
          maxHosts: positiveInt.describe("Autoscaling ceiling of the compute subcluster."),
          diskGb: diskGb("Compute host"),
          diskType: diskTypeOf("Compute host"),
          preemptible: z.boolean().describe("Run compute hosts on preemptible VMs."),
          cpuUtilizationTarget: z
            .int()
            .min(10)
            .max(100, { error: "must be a percentage between 10 and 100" })
            .describe("CPU utilisation, percent, the compute subcluster autoscales to."),
        })
        .describe("Autoscaled compute subcluster."),
    })
    .describe("Yandex Data Processing cluster that runs the PySpark jobs."),
  kafka: z
    .strictObject({
      version: acceptedVersion(KAFKA_VERSIONS).describe(
        "Managed Kafka version; brokers run KRaft (no ZooKeeper subcluster).",
      ),
      brokersPerZone: positiveInt.describe("Brokers in each zone of antifraud:zones."),
      preset: preset.describe("Broker resource preset."),
      diskGb: diskGb("Broker"),
      diskType: diskTypeOf("Broker"),
      replicationFactor: positiveInt.describe(
        "Replicas of every topic; at most the broker count (brokersPerZone x zones); prod needs >= 3.",
      ),
      minInsyncReplicas: positiveInt.describe(
        "min.insync.replicas of every topic; below replicationFactor when that is above 1; prod needs >= 2.",
      ),
      topics: z
        .strictObject({
          transactions: topic.describe("Incoming transactions (key = customer_id)."),
          scores: topic.describe("Scores and decisions."),
          "transactions.dlq": topic.describe(
            "Transactions that could not be scored, with the error in headers.",
          ),
          labels: topic.describe("Delayed ground truth."),
        })
        .describe("The platform's topics; none is created automatically."),
    })
    .describe("Managed Kafka cluster, its topics and per-service users."),
  redis: z
    .strictObject({
      version: acceptedVersion(VALKEY_VERSIONS).describe("Managed Valkey (Redis-compatible) version."),
      preset: preset.describe("Host resource preset."),
      diskGb: diskGb("Host"),
      diskType: diskTypeOf("Host"),
    })
    .describe("Managed Redis (online feature store): one host per zone, TLS on."),
  kubernetes: z
    .strictObject({
      version: acceptedVersion(KUBERNETES_VERSIONS).describe(
        "Kubernetes minor version of the master and the node groups.",
      ),
      releaseChannel: z
        .enum(["RAPID", "REGULAR", "STABLE"], { error: "must be RAPID, REGULAR or STABLE" })
        .describe("Managed Kubernetes release channel."),
      publicApi: z
        .boolean()
        .describe(
          "Give the Kubernetes API a public address (restricted to network.adminCidrs); false keeps it inside " +
            "the VPC (deploys then run from a runner with VPC access); the prod policy requires false.",
        ),
      master: z
        .enum(["zonal", "regional"], { error: 'must be "zonal" or "regional"' })
        .describe("zonal (first zone) or regional (needs three zones); prod needs regional."),
      nodes: z
        .strictObject({
          platform: z
            .string()
            .regex(/^standard-v[1-3]$/, { error: "must be standard-v1, standard-v2 or standard-v3" })
            .describe("Compute platform of the node VMs."),
          cores: positiveInt.describe("vCPUs per node."),
          memoryGb: positiveInt.describe("Memory per node, GB."),
          coreFraction: z
            .union([z.literal(20), z.literal(50), z.literal(100)], {
              error: "must be 20, 50 or 100",
            })
            .describe("Guaranteed vCPU share, percent."),
          diskGb: z
            .int()
            .min(30, { error: "must be >= 30 (node images need the space)" })
            .describe("Boot disk size per node, GB."),
          diskType: diskTypeOf("Boot"),
          minNodes: positiveInt.describe("Autoscaling floor per zone's node group."),
          maxNodes: positiveInt.describe("Autoscaling ceiling per zone's node group."),
          initialNodes: positiveInt.describe("Nodes per group at creation; between minNodes and maxNodes."),
          preemptible: z.boolean().describe("Preemptible node VMs; prod needs false."),
        })
        .describe("One autoscaled node group per zone, with these settings."),
    })
    .describe("Managed Kubernetes cluster that runs the scoring services and the monitoring stack."),
  scoring: z
    .strictObject({
      port: z
        .int()
        .min(1024)
        .max(65535, { error: "must be an unprivileged port between 1024 and 65535" })
        .describe("Container port of the HTTP API."),
      nodePort: z
        .int()
        .min(30000)
        .max(32767, { error: "must be in the NodePort range 30000-32767" })
        .describe(
          "Node port behind the scoring load balancer; the only port open to the internet; not grafanaNodePort.",
        ),
      loadBalancerPort: z
        .int()
        .min(1)
        .max(65535, { error: "must be a port between 1 and 65535" })
        .describe("Port of the scoring load balancer (scoringEndpoint)."),
      publicEndpoint: z
        .boolean()
        .describe(
          "false (the default choice): an internal network load balancer in the platform's VPC; true: a public one.",
        ),
      clientCidrs: z
        .array(cidr)
        .min(1, { error: "must list the networks card processing calls the API from" })
        .describe(
          "Networks allowed to call the scoring API (node port security group rule and NetworkPolicy); " +
            "inside the VPC unless publicEndpoint is true.",
        ),
      objectStorageCidrs: z
        .array(cidr)
        .min(1, { error: "must list the Object Storage addresses the scoring pods read models from" })
        .describe(
          "Addresses of storage.yandexcloud.net the scoring pods may reach (egress NetworkPolicy, TCP 443).",
        ),
      serve: workload.describe("The HTTP API Deployment."),
      stream: workload.describe("The Kafka stream worker Deployment."),
      autoscaling: z.boolean().describe("Create HorizontalPodAutoscalers; prod needs true."),
      podDisruptionBudget: z.boolean().describe("Create PodDisruptionBudgets; prod needs true."),
    })
    .describe("The scoring services: HTTP API (serve) and Kafka worker (stream)."),
  monitoring: z
    .strictObject({
      chartVersion: semver.describe("kube-prometheus-stack Helm chart version, exact."),
      retention: duration.describe("Prometheus retention."),
      storageGb: positiveInt.describe("Prometheus volume, GB."),
      prometheusResources: resources.describe("Prometheus container requests and limits."),
      grafanaNodePort: z
        .int()
        .min(30000)
        .max(32767, { error: "must be in the NodePort range 30000-32767" })
        .describe("Node port of Grafana's internal load balancer; must differ from scoring.nodePort."),
      telegramChatId: z
        .string()
        .regex(/^-?\d+$/, { error: "must be a numeric Telegram chat id" })
        .describe("Telegram chat that receives critical alerts (with the secret telegramBotToken)."),
    })
    .describe("Prometheus, Alertmanager and Grafana (kube-prometheus-stack) with the platform's rules."),
  airflow: z
    .strictObject({
      webserver: airflowInstances("Webserver"),
      scheduler: airflowInstances("Scheduler"),
      worker: z
        .strictObject({
          minCount: positiveInt.describe("Workers at rest; at most maxCount."),
          maxCount: positiveInt.describe("Workers at the autoscaling ceiling."),
          preset: airflowPreset.describe("Worker resource preset."),
        })
        .describe("Autoscaled Celery workers of the Airflow cluster."),
      retrainSchedule: schedule.describe(
        "When the retraining DAG runs (airflow_config antifraud.retrain_schedule), e.g. @weekly.",
      ),
    })
    .describe("Managed Airflow that schedules the pipelines (DAGs from services/pipelines/dags)."),
  mlflow: z
    .strictObject({
      replicas: positiveInt.describe("MLflow tracking server pods; prod needs >= 2 (then with a PDB)."),
      resources: resources.describe("Requests and limits of the MLflow container."),
      postgresql: z
        .strictObject({
          version: acceptedVersion(POSTGRESQL_VERSIONS).describe("Managed PostgreSQL major version."),
          preset: preset.describe("Host resource preset."),
          hosts: positiveInt.describe(
            "Hosts, spread over antifraud:zones in order; prod needs >= 2 (a replica to fail over to).",
          ),
          diskGb: diskGb("Host"),
          diskType: diskTypeOf("Host"),
        })
        .describe("Managed PostgreSQL that is MLflow's backend store (TLS only, private hosts)."),
    })
    .describe("In-cluster MLflow tracking server; artifacts in the models bucket under mlflow/."),
  budget: z
    .strictObject({
      monthlyLimit: z
        .number()
        .positive({ error: "must be a positive amount" })
        .describe("Monthly limit the maximum cost estimate is checked against (costEstimate.budget)."),
      currency: z
        .literal("RUB", { error: 'must be "RUB" (the price table currency)' })
        .describe("Currency of monthlyLimit; the price table's."),
    })
    .describe("Budget for the cost estimate."),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type WorkloadConfig = StackConfig["scoring"]["serve"];
export type ResourceConfig = WorkloadConfig["resources"];
export type TopicName = keyof StackConfig["kafka"]["topics"];

/** Top-level keys and the config namespace each one is read from. */
export const CONFIG_KEYS = Object.keys(stackConfigSchema.shape).filter((k) => k !== "yandex") as Array<
  Exclude<keyof StackConfig, "yandex">
>;
export const YANDEX_KEYS = Object.keys(stackConfigSchema.shape.yandex.shape) as Array<
  keyof StackConfig["yandex"]
>;
