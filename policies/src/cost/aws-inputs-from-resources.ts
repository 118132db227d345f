/**
 * The AWS estimator's inputs rebuilt from the resources an AWS stack declares, as
 * src/cost/inputs-from-resources.ts does for Yandex: instance types, counts, disks and autoscaling
 * bounds from the resource properties; stored volumes from the policy config. The raw bucket's
 * STANDARD/GLACIER_IR split follows the lifecycle configuration that names it.
 */
import { rawStorageSplit } from "@antifraud/infra/config";
import type { AwsBucketInputs, AwsCostInputs, AwsInstanceGroupInputs } from "@antifraud/infra/cost";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as elasticache from "@pulumi/aws/elasticache";
import * as emr from "@pulumi/aws/emr";
import * as kms from "@pulumi/aws/kms";
import * as msk from "@pulumi/aws/msk";
import * as rds from "@pulumi/aws/rds";
import * as s3 from "@pulumi/aws/s3";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import type { Unwrap } from "@pulumi/pulumi";
import { K8S } from "../lib/kubernetes-types";

/** A declared resource with the URNs its inputs depend on (how sub-resources name their parent). */
export interface LinkedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly dependencies: readonly string[];
}

export interface AwsUsage {
  /** Expected stored GB per bucket, keyed by the suffix of the bucket's resource name (`storage-raw` -> `raw`). */
  readonly bucketVolumesGb: Readonly<Record<string, number>>;
  readonly registryGb: number;
}

/** MSK reads SCRAM credentials only from secrets with this prefix: one per Kafka user. */
const SCRAM_SECRET_PREFIX = "AmazonMSK_";

/** A class's args as the policy sees them: plain values, as `validateResourceOfType` types them. */
type Props<C> = C extends new (name: string, args: infer A, ...rest: never[]) => unknown
  ? Unwrap<NonNullable<A>>
  : never;

function ofType<C extends new (name: string, args: never, ...rest: never[]) => unknown>(
  resources: readonly LinkedResource[],
  kind: C,
): { name: string; urn: string; props: Props<C> }[] {
  const token = (kind as unknown as { __pulumiType: string }).__pulumiType;
  return resources
    .filter((r) => r.type === token)
    .map((r) => ({ name: r.name, urn: r.urn, props: r.props as Props<C> }));
}

function single<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0] as T;
}

function buckets(resources: readonly LinkedResource[], usage: AwsUsage): AwsBucketInputs[] {
  const lifecycles = ofType(resources, s3.BucketLifecycleConfiguration);
  return ofType(resources, s3.Bucket).flatMap(({ name, urn }) => {
    const purpose = Object.keys(usage.bucketVolumesGb).find((k) => name.endsWith(`-${k}`));
    if (purpose === undefined) {
      throw new Error(
        `no expected volume for bucket "${name}": add bucketVolumesGb.<suffix> to the cost policy config`,
      );
    }
    const volume = usage.bucketVolumesGb[purpose] as number;
    const own = lifecycles.filter((l) => resources.find((r) => r.urn === l.urn)?.dependencies.includes(urn));
    for (const rule of own.flatMap((l) => l.props.rules ?? [])) {
      const cold = (rule.transitions ?? []).find((t) => t.storageClass === "GLACIER_IR");
      const expire = rule.expiration?.days;
      if (rule.status === "Enabled" && cold?.days !== undefined && expire !== undefined) {
        const split = rawStorageSplit(volume, cold.days, expire);
        return [
          { name: `${purpose} (standard)`, storageClass: "STANDARD" as const, sizeGb: split.standard },
          { name: `${purpose} (cold)`, storageClass: "GLACIER_IR" as const, sizeGb: split.cold },
        ];
      }
    }
    return [{ name: purpose, storageClass: "STANDARD" as const, sizeGb: volume }];
  });
}

const diskOf = (group: { ebsConfigs?: { size: number }[] }) => group.ebsConfigs?.[0]?.size ?? 0;

/** Master and core from the cluster, the task group from its InstanceGroup, its ceiling from managed scaling. */
function sparkGroups(resources: readonly LinkedResource[]): AwsInstanceGroupInputs[] {
  const cluster = single(ofType(resources, emr.Cluster), "EMR cluster").props;
  const master = cluster.masterInstanceGroup;
  const core = cluster.coreInstanceGroup;
  if (!master || !core) throw new Error("the EMR cluster declares no master or core instance group");
  const fixed = (
    name: string,
    g: { instanceType: string; instanceCount?: number; ebsConfigs?: { size: number }[] },
  ) => {
    const count = g.instanceCount ?? 1;
    return {
      name,
      instanceType: g.instanceType,
      countMin: count,
      countMax: count,
      diskGb: diskOf(g),
      spot: false,
    };
  };
  const groups = [fixed("master", master), fixed("core", core)];
  const limit = ofType(resources, emr.ManagedScalingPolicy)[0]?.props.computeLimits[0];
  const always = groups.reduce((n, g) => n + g.countMin, 0);
  return [
    ...groups,
    ...ofType(resources, emr.InstanceGroup).map(({ props }) => {
      const countMin = props.instanceCount ?? 0;
      return {
        name: props.name ?? "task",
        instanceType: props.instanceType,
        countMin,
        countMax: limit ? Math.max(countMin, limit.maximumCapacityUnits - always) : countMin,
        diskGb: diskOf(props),
        spot: props.bidPrice !== undefined,
      };
    }),
  ];
}

export function awsCostInputsFromResources(
  resources: readonly LinkedResource[],
  usage: AwsUsage,
): AwsCostInputs {
  const kafka = single(ofType(resources, msk.Cluster), "MSK cluster").props;
  const redis = single(
    ofType(resources, elasticache.ReplicationGroup),
    "ElastiCache replication group",
  ).props;
  const postgresql = single(ofType(resources, rds.Instance), "RDS instance").props;
  return {
    objectStorage: { buckets: buckets(resources, usage), kmsKeys: ofType(resources, kms.Key).length },
    spark: { groups: sparkGroups(resources) },
    kafka: {
      brokerType: kafka.brokerNodeGroupInfo.instanceType,
      brokers: kafka.numberOfBrokerNodes,
      storageGbPerBroker: kafka.brokerNodeGroupInfo.storageInfo?.ebsStorageInfo?.volumeSize ?? 0,
      scramSecrets: ofType(resources, secretsmanager.Secret).filter((s) =>
        s.props.name?.startsWith(SCRAM_SECRET_PREFIX),
      ).length,
    },
    redis: { nodeType: redis.nodeType ?? "", nodes: redis.numCacheClusters ?? 1 },
    postgresql: {
      instanceClass: postgresql.instanceClass,
      multiAz: postgresql.multiAz === true,
      storageGb: postgresql.allocatedStorage ?? 0,
    },
    kubernetes: {
      clusters: ofType(resources, eks.Cluster).length,
      nodeGroups: ofType(resources, eks.NodeGroup).map(({ name, props }) => ({
        name,
        instanceType: props.instanceTypes?.[0] ?? "",
        countMin: props.scalingConfig.minSize,
        countMax: props.scalingConfig.maxSize,
        diskGb: props.diskSize ?? 0,
        spot: props.capacityType === "SPOT",
      })),
    },
    containerRegistry: { storageGb: usage.registryGb },
    network: {
      natGateways: ofType(resources, ec2.NatGateway).length,
      // Every LoadBalancer Service gets an NLB, internal or not: NLBs are billed either way.
      networkLoadBalancers: resources.filter(
        (r) =>
          r.type === K8S.service && (r.props.spec as { type?: string } | undefined)?.type === "LoadBalancer",
      ).length,
    },
  };
}
