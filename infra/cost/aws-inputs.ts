/**
 * The sizes the AWS components are built with, in the shape the AWS estimator prices: instance types
 * (already mapped from the config's presets by infra/aws/sizes.ts), counts and autoscaling bounds.
 */

/** Raw files' cold tier on AWS is Glacier Instant Retrieval: Standard-IA needs 30 days before a transition. */
export type AwsBucketStorageClass = "STANDARD" | "GLACIER_IR";

export interface AwsBucketInputs {
  readonly name: string;
  readonly storageClass: AwsBucketStorageClass;
  /** Expected stored volume, GB. */
  readonly sizeGb: number;
}

export interface AwsObjectStorageInputs {
  readonly buckets: readonly AwsBucketInputs[];
  /** Customer managed KMS keys (the stack's one key encrypts buckets, MSK, RDS, secrets). */
  readonly kmsKeys: number;
}

/** EC2 instances of one role: an EMR instance group or an EKS managed node group. */
export interface AwsInstanceGroupInputs {
  readonly name: string;
  /** EC2 instance type, e.g. "m6i.xlarge". */
  readonly instanceType: string;
  /** Instances at the lowest autoscaling point. */
  readonly countMin: number;
  /** Instances at the highest autoscaling point (= countMin when fixed). */
  readonly countMax: number;
  /** EBS gp3 volume of each instance, GB. */
  readonly diskGb: number;
  /** Spot capacity: there is no list price for it, so it is priced at On-Demand. */
  readonly spot: boolean;
}

export interface AwsSparkInputs {
  /** EMR master, core and task instance groups; each instance pays the EMR fee on top of EC2. */
  readonly groups: readonly AwsInstanceGroupInputs[];
}

export interface AwsKafkaInputs {
  /** MSK broker type, e.g. "kafka.m5.large". */
  readonly brokerType: string;
  readonly brokers: number;
  readonly storageGbPerBroker: number;
  /** Secrets Manager secrets holding the SCRAM passwords (one per Kafka user). */
  readonly scramSecrets: number;
}

export interface AwsRedisInputs {
  /** ElastiCache node type, e.g. "cache.r6g.large". */
  readonly nodeType: string;
  readonly nodes: number;
}

export interface AwsPostgresqlInputs {
  /** RDS instance class, e.g. "db.m6i.large". */
  readonly instanceClass: string;
  /** One standby in a second zone: 2 x the Single-AZ instance and storage price. */
  readonly multiAz: boolean;
  readonly storageGb: number;
}

export interface AwsKubernetesInputs {
  readonly clusters: number;
  readonly nodeGroups: readonly AwsInstanceGroupInputs[];
}

export interface AwsNetworkInputs {
  /** Each one also holds an Elastic IP, billed as an in-use public IPv4 address. */
  readonly natGateways: number;
  readonly networkLoadBalancers: number;
}

export interface AwsCostInputs {
  readonly objectStorage: AwsObjectStorageInputs;
  readonly spark: AwsSparkInputs;
  readonly kafka: AwsKafkaInputs;
  readonly redis: AwsRedisInputs;
  readonly postgresql: AwsPostgresqlInputs;
  readonly kubernetes: AwsKubernetesInputs;
  /** Expected ECR image storage, GB. */
  readonly containerRegistry: { readonly storageGb: number };
  readonly network: AwsNetworkInputs;
}
