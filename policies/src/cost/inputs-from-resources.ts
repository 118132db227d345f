/**
 * Rebuilds the cost estimator's inputs from the resources a stack declares (not from the stack
 * config): host presets, disks, host counts, autoscaling ceilings, gateways and load balancers are
 * read from the resource properties. Stored data volumes are usage, not properties, so they come
 * from the policy config; the raw bucket's STANDARD/COLD split follows its own lifecycle rules.
 */
import type {
  BucketInputs,
  CostInputs,
  DiskSpec,
  DiskType,
  NodeGroupInputs,
  SparkRole,
  SparkSubclusterInputs,
} from "@antifraud/infra/cost";
import { rawStorageSplit } from "@antifraud/infra/config";
import * as yandex from "@antifraud/infra/yandex";
import { K8S } from "../lib/kubernetes-types";
import { INTERNAL_LB_ANNOTATION } from "../rules/network";

export interface DeclaredResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
}

export interface Usage {
  /** Expected stored GB per bucket, keyed by the suffix of the bucket's resource name (`storage-raw` -> `raw`). */
  readonly bucketVolumesGb: Readonly<Record<string, number>>;
  readonly registryGb: number;
}

export class CostInputsError extends Error {}

const ofType = <P>(resources: readonly DeclaredResource[], cls: { __pulumiType: string }) =>
  resources.filter((r) => r.type === cls.__pulumiType).map((r) => ({ name: r.name, props: r.props as P }));

const disk = (type: string | undefined, sizeGb: number): DiskSpec => ({
  type: (type ?? "network-hdd") as DiskType,
  sizeGb,
});

function buckets(resources: readonly DeclaredResource[], usage: Usage): BucketInputs[] {
  return ofType<yandex.StorageBucketArgs>(resources, yandex.StorageBucket).flatMap(({ name, props }) => {
    const purpose = Object.keys(usage.bucketVolumesGb).find((k) => name.endsWith(`-${k}`));
    if (purpose === undefined) {
      throw new CostInputsError(
        `no expected volume for bucket "${name}": add bucketVolumesGb.<suffix> to the cost policy config`,
      );
    }
    const volume = usage.bucketVolumesGb[purpose] as number;
    const rules = (props.lifecycleRules ?? []) as yandex.StorageBucketLifecycleRuleArgs[];
    for (const rule of rules) {
      const cold = ((rule.transitions ?? []) as { days?: number; storageClass?: string }[]).find(
        (t) => t.storageClass === "COLD",
      );
      const expire = (rule.expiration as { days?: number } | undefined)?.days;
      if (rule.enabled && cold?.days !== undefined && expire !== undefined) {
        const split = rawStorageSplit(volume, cold.days, expire);
        return [
          { name: `${purpose} (standard)`, storageClass: "STANDARD" as const, sizeGb: split.standard },
          { name: `${purpose} (cold)`, storageClass: "COLD" as const, sizeGb: split.cold },
        ];
      }
    }
    const storageClass = props.defaultStorageClass === "COLD" ? ("COLD" as const) : ("STANDARD" as const);
    return [{ name: purpose, storageClass, sizeGb: volume }];
  });
}

type Subcluster = yandex.DataprocClusterClusterConfigSubclusterSpecArgs & {
  resources: yandex.DataprocClusterClusterConfigSubclusterSpecResourcesArgs;
  autoscalingConfig?: yandex.DataprocClusterClusterConfigSubclusterSpecAutoscalingConfigArgs;
};

function sparkSubclusters(resources: readonly DeclaredResource[]): SparkSubclusterInputs[] {
  return ofType<{ clusterConfig: { subclusterSpecs: Subcluster[] } }>(
    resources,
    yandex.DataprocCluster,
  ).flatMap(({ props }) =>
    props.clusterConfig.subclusterSpecs.map((s) => ({
      name: s.name as string,
      role: s.role as SparkRole,
      resourcePresetId: s.resources.resourcePresetId as string,
      disk: disk(s.resources.diskTypeId as string | undefined, s.resources.diskSize as number),
      hostsMin: s.hostsCount as number,
      hostsMax: (s.autoscalingConfig?.maxHostsCount as number | undefined) ?? (s.hostsCount as number),
      preemptible: (s.autoscalingConfig?.preemptible as boolean | undefined) ?? false,
    })),
  );
}

function single<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new CostInputsError(`expected one ${what}, found ${items.length}`);
  return items[0] as T;
}

interface KafkaProps {
  config: {
    zones: string[];
    brokersCount?: number;
    kafka: { resources: { resourcePresetId: string; diskSize: number; diskTypeId?: string } };
  };
}
interface RedisProps {
  hosts: unknown[];
  resources: { resourcePresetId: string; diskSize: number; diskTypeId?: string };
}
interface AirflowProps {
  webserver: { count: number; resourcePresetId: string };
  scheduler: { count: number; resourcePresetId: string };
  worker: { minCount: number; maxCount: number; resourcePresetId: string };
}
interface PostgresqlProps {
  hosts: unknown[];
  config: { resources: { resourcePresetId: string; diskSize: number; diskTypeId?: string } };
}
interface NodeGroupProps {
  instanceTemplate: {
    resources?: { cores?: number; memory?: number; coreFraction?: number };
    bootDisk?: { type?: string; size?: number };
    schedulingPolicy?: { preemptible?: boolean };
  };
  scalePolicy: { autoScale?: { min: number; max: number }; fixedScale?: { size: number } };
}

function nodeGroup({ name, props }: { name: string; props: NodeGroupProps }): NodeGroupInputs {
  const t = props.instanceTemplate;
  const scale = props.scalePolicy.autoScale ?? {
    min: props.scalePolicy.fixedScale?.size ?? 0,
    max: props.scalePolicy.fixedScale?.size ?? 0,
  };
  return {
    name,
    cores: t.resources?.cores ?? 0,
    memoryGb: t.resources?.memory ?? 0,
    coreFraction: t.resources?.coreFraction ?? 100,
    nodesMin: scale.min,
    nodesMax: scale.max,
    bootDisk: disk(t.bootDisk?.type, t.bootDisk?.size ?? 0),
    preemptible: t.schedulingPolicy?.preemptible ?? false,
  };
}

interface ServiceProps {
  metadata?: { annotations?: Record<string, string> };
  spec?: { type?: string };
}

export function costInputsFromResources(resources: readonly DeclaredResource[], usage: Usage): CostInputs {
  const kafka = single(ofType<KafkaProps>(resources, yandex.MdbKafkaCluster), "Kafka cluster").props.config;
  const redis = single(ofType<RedisProps>(resources, yandex.MdbRedisCluster), "Redis cluster").props;
  const airflow = single(ofType<AirflowProps>(resources, yandex.AirflowCluster), "Airflow cluster").props;
  const postgresql = single(
    ofType<PostgresqlProps>(resources, yandex.MdbPostgresqlCluster),
    "PostgreSQL cluster",
  ).props;
  const fixed = (c: { count: number; resourcePresetId: string }) => ({
    presetId: c.resourcePresetId,
    countMin: c.count,
    countMax: c.count,
  });
  const cluster = single(
    ofType<{ master: { regional?: unknown; publicIp?: boolean } }>(resources, yandex.KubernetesCluster),
    "Kubernetes cluster",
  );
  const publicLoadBalancers = resources.filter((r) => {
    const svc = r.props as ServiceProps;
    return (
      r.type === K8S.service &&
      svc.spec?.type === "LoadBalancer" &&
      svc.metadata?.annotations?.[INTERNAL_LB_ANNOTATION] !== "internal"
    );
  });
  return {
    objectStorage: { buckets: buckets(resources, usage) },
    spark: { subclusters: sparkSubclusters(resources) },
    kafka: {
      brokerPresetId: kafka.kafka.resources.resourcePresetId,
      zones: kafka.zones.length,
      brokersPerZone: kafka.brokersCount ?? 1,
      disk: disk(kafka.kafka.resources.diskTypeId, kafka.kafka.resources.diskSize),
    },
    redis: {
      resourcePresetId: redis.resources.resourcePresetId,
      hosts: redis.hosts.length,
      disk: disk(redis.resources.diskTypeId, redis.resources.diskSize),
    },
    airflow: {
      webserver: fixed(airflow.webserver),
      scheduler: fixed(airflow.scheduler),
      worker: {
        presetId: airflow.worker.resourcePresetId,
        countMin: airflow.worker.minCount,
        countMax: airflow.worker.maxCount,
      },
    },
    postgresql: {
      resourcePresetId: postgresql.config.resources.resourcePresetId,
      hosts: postgresql.hosts.length,
      disk: disk(postgresql.config.resources.diskTypeId, postgresql.config.resources.diskSize),
    },
    kubernetes: {
      master: cluster.props.master.regional ? "regional" : "zonal",
      nodeGroups: ofType<NodeGroupProps>(resources, yandex.KubernetesNodeGroup).map(nodeGroup),
    },
    containerRegistry: { storageGb: usage.registryGb },
    network: {
      natGateways: ofType(resources, yandex.VpcGateway).length,
      publicIps:
        ofType(resources, yandex.VpcAddress).length + (cluster.props.master.publicIp === true ? 1 : 0),
      loadBalancers: publicLoadBalancers.length,
    },
  };
}
