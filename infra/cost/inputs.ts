/**
 * The sizes the components are built with, in the shape the cost estimator prices. The program derives
 * one CostInputs from the validated stack config and passes the same values to the components, so the
 * estimate prices exactly what is deployed (one source of truth).
 */

/** Disk types the price table knows (Compute, Data Processing, Kafka and Redis storage). */
export type DiskType = "network-hdd" | "network-ssd" | "network-ssd-nonreplicated" | "local-ssd";

export interface DiskSpec {
  readonly type: DiskType;
  /** Size of one host's disk, GB. */
  readonly sizeGb: number;
}

export type BucketStorageClass = "STANDARD" | "COLD";

export interface BucketInputs {
  /** Logical bucket name (e.g. "raw"), used as the line label. */
  readonly name: string;
  readonly storageClass: BucketStorageClass;
  /** Expected stored volume, GB (the config's data-volume assumption for that bucket). */
  readonly sizeGb: number;
}

export interface ObjectStorageInputs {
  readonly buckets: readonly BucketInputs[];
}

export type SparkRole = "MASTERNODE" | "DATANODE" | "COMPUTENODE";

export interface SparkSubclusterInputs {
  readonly name: string;
  readonly role: SparkRole;
  /** Data Processing host class, e.g. "s3-c2-m8" (see presets.ts). */
  readonly resourcePresetId: string;
  readonly disk: DiskSpec;
  /** Hosts at the lowest autoscaling point (= hostsCount of the subcluster). */
  readonly hostsMin: number;
  /** Hosts at the highest autoscaling point (= autoscalingConfig.maxHostsCount, or hostsMin when fixed). */
  readonly hostsMax: number;
  readonly preemptible: boolean;
}

export interface SparkInputs {
  readonly subclusters: readonly SparkSubclusterInputs[];
}

export interface ManagedHostsInputs {
  /** Host class, e.g. "s3-c2-m8", "b3-c1-m4", "hm3-c2-m8". */
  readonly resourcePresetId: string;
  readonly hosts: number;
  readonly disk: DiskSpec;
}

export interface KafkaInputs {
  readonly brokerPresetId: string;
  /** Number of availability zones (config.zones.length). */
  readonly zones: number;
  /** config.brokersCount: brokers in each zone. */
  readonly brokersPerZone: number;
  /** Per-broker storage. */
  readonly disk: DiskSpec;
  /** Coordinator hosts (ZooKeeper/KRaft) when the cluster runs them as separate billed hosts. */
  readonly coordinator?: ManagedHostsInputs;
}

export type RedisInputs = ManagedHostsInputs;

export type PostgresqlInputs = ManagedHostsInputs;

/** Instances of one Managed Airflow component, by preset (`c1-m4`: vCPUs and GB of RAM in the name). */
export interface AirflowComponentInputs {
  readonly presetId: string;
  readonly countMin: number;
  readonly countMax: number;
}

export interface AirflowInputs {
  readonly webserver: AirflowComponentInputs;
  readonly scheduler: AirflowComponentInputs;
  /** Workers autoscale between countMin and countMax. */
  readonly worker: AirflowComponentInputs;
}

export type KubernetesMaster = "zonal" | "regional";

export interface NodeGroupInputs {
  readonly name: string;
  readonly cores: number;
  readonly memoryGb: number;
  /** Guaranteed vCPU share, percent; only 100 has a price in the table. */
  readonly coreFraction: number;
  readonly nodesMin: number;
  readonly nodesMax: number;
  readonly bootDisk: DiskSpec;
  readonly preemptible: boolean;
}

export interface KubernetesInputs {
  readonly master: KubernetesMaster;
  readonly nodeGroups: readonly NodeGroupInputs[];
}

export interface ContainerRegistryInputs {
  /** Expected image storage, GB. */
  readonly storageGb: number;
}

export interface NetworkInputs {
  /** Shared egress (NAT) gateways. */
  readonly natGateways: number;
  /** Public IPv4 addresses held permanently (reserved addresses, not the load balancer's). */
  readonly publicIps: number;
  /** Network load balancers created for LoadBalancer Services (each holds one public IPv4 address). */
  readonly loadBalancers: number;
}

export interface CostInputs {
  readonly objectStorage: ObjectStorageInputs;
  readonly spark: SparkInputs;
  readonly kafka: KafkaInputs;
  readonly redis: RedisInputs;
  readonly airflow: AirflowInputs;
  readonly postgresql: PostgresqlInputs;
  readonly kubernetes: KubernetesInputs;
  readonly containerRegistry: ContainerRegistryInputs;
  readonly network: NetworkInputs;
}
