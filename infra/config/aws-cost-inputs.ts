/**
 * The one mapping from stack config to the sizes the AWS estimator prices: the same config sections the
 * AWS components are built from, with each preset turned into an instance type by infra/aws/sizes.ts.
 */
import { MSK_SCRAM_USERS } from "../aws/msk-users";
import { instanceTypeFor, instanceTypeForPreset } from "../aws/sizes";
import type { AwsCostInputs, AwsInstanceGroupInputs } from "../cost";
import { rawStorageSplit } from "./cost-inputs";
import { AWS_ZONE_SUFFIXES, YANDEX_ZONES, type StackConfig } from "./schema";

/** MSK, RDS subnet groups and the EKS control plane need subnets in two zones even on a one-zone stack. */
const MIN_SERVICE_ZONES = 2;

/** The region's zone of the config zone's slot: ru-central1-a/b/d -> <region>a/b/c. */
function awsZoneName(region: string, zone: (typeof YANDEX_ZONES)[number]): string {
  return `${region}${AWS_ZONE_SUFFIXES[YANDEX_ZONES.indexOf(zone)]}`;
}

function emrGroup(
  name: string,
  preset: string,
  count: { min: number; max: number },
  diskGb: number,
  spot: boolean,
): AwsInstanceGroupInputs {
  const instanceType = instanceTypeForPreset("emr", preset).type;
  return { name, instanceType, countMin: count.min, countMax: count.max, diskGb, spot };
}

export function awsCostInputsFromConfig(c: StackConfig): AwsCostInputs {
  const v = c.storage.volumesGb;
  const raw = rawStorageSplit(v.raw, c.storage.rawColdAfterDays, c.storage.rawExpireAfterDays);
  const serviceZones = Math.max(MIN_SERVICE_ZONES, c.zones.length);
  const n = c.kubernetes.nodes;
  const s = c.spark;
  return {
    // No airflow bucket: this round ships no managed Airflow on AWS.
    objectStorage: {
      buckets: [
        { name: "raw (standard)", storageClass: "STANDARD", sizeGb: raw.standard },
        { name: "raw (cold)", storageClass: "GLACIER_IR", sizeGb: raw.cold },
        { name: "clean", storageClass: "STANDARD", sizeGb: v.clean },
        { name: "models", storageClass: "STANDARD", sizeGb: v.models },
        { name: "spark", storageClass: "STANDARD", sizeGb: v.spark },
      ],
      kmsKeys: 1,
    },
    spark: {
      groups: [
        emrGroup("master", s.master.preset, { min: 1, max: 1 }, s.master.diskGb, false),
        emrGroup("core", s.data.preset, { min: s.data.hosts, max: s.data.hosts }, s.data.diskGb, false),
        emrGroup(
          "task",
          s.compute.preset,
          { min: s.compute.minHosts, max: s.compute.maxHosts },
          s.compute.diskGb,
          // The EMR task group runs On-Demand even when the config says preemptible (infra/aws/spark.ts).
          false,
        ),
      ],
    },
    kafka: {
      brokerType: instanceTypeForPreset("msk", c.kafka.preset).type,
      brokers: c.kafka.brokersPerZone * serviceZones,
      storageGbPerBroker: c.kafka.diskGb,
      scramSecrets: MSK_SCRAM_USERS.length,
    },
    redis: {
      nodeType: instanceTypeForPreset("elasticache", c.redis.preset).type,
      nodes: c.zones.length,
    },
    postgresql: {
      instanceClass: instanceTypeForPreset("rds", c.mlflow.postgresql.preset).type,
      multiAz: c.mlflow.postgresql.hosts >= 2,
      storageGb: c.mlflow.postgresql.diskGb,
    },
    kubernetes: {
      clusters: 1,
      nodeGroups: c.zones.map((zone) => ({
        name: `nodes-${awsZoneName(c.aws.region, zone)}`,
        instanceType: instanceTypeFor("ec2", n.cores, n.memoryGb).type,
        countMin: n.minNodes,
        countMax: n.maxNodes,
        diskGb: n.diskGb,
        spot: n.preemptible,
      })),
    },
    containerRegistry: { storageGb: v.registry },
    // dev shares one NAT gateway; prod has one per zone so a zone outage keeps the others' egress.
    // Three internal NLBs: the scoring API, Grafana and MLflow.
    network: {
      natGateways: c.environment === "dev" ? 1 : c.zones.length,
      networkLoadBalancers: 3,
    },
  };
}
