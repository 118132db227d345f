/**
 * The one mapping from stack config to the sizes the cost estimator prices. Components are built
 * from the same config sections, and a test checks the captured resources against these numbers.
 */
import type { CostInputs, DiskType } from "../cost";
import type { StackConfig } from "./schema";

const disk = (type: string, sizeGb: number) => ({ type: type as DiskType, sizeGb });

/**
 * Raw files are ingested daily and kept `rawExpireAfterDays`, moving to COLD after
 * `rawColdAfterDays`: with a steady ingest that share of the stored volume sits in each class.
 */
export function rawStorageSplit(
  volumeGb: number,
  coldAfterDays: number,
  expireAfterDays: number,
): { standard: number; cold: number } {
  const standard = Math.round(((volumeGb * coldAfterDays) / expireAfterDays) * 100) / 100;
  return { standard, cold: Math.round((volumeGb - standard) * 100) / 100 };
}

const fixed = (i: { count: number; preset: string }) => ({
  presetId: i.preset,
  countMin: i.count,
  countMax: i.count,
});

export function costInputsFromConfig(c: StackConfig): CostInputs {
  const v = c.storage.volumesGb;
  const raw = rawStorageSplit(v.raw, c.storage.rawColdAfterDays, c.storage.rawExpireAfterDays);
  const n = c.kubernetes.nodes;
  return {
    objectStorage: {
      buckets: [
        { name: "raw (standard)", storageClass: "STANDARD", sizeGb: raw.standard },
        { name: "raw (cold)", storageClass: "COLD", sizeGb: raw.cold },
        { name: "clean", storageClass: "STANDARD", sizeGb: v.clean },
        { name: "models", storageClass: "STANDARD", sizeGb: v.models },
        { name: "spark", storageClass: "STANDARD", sizeGb: v.spark },
        { name: "airflow", storageClass: "STANDARD", sizeGb: v.airflow },
      ],
    },
    spark: {
      subclusters: [
        {
          name: "master",
          role: "MASTERNODE",
          resourcePresetId: c.spark.master.preset,
          disk: disk(c.spark.master.diskType, c.spark.master.diskGb),
          hostsMin: 1,
          hostsMax: 1,
          preemptible: false,
        },
        {
          name: "data",
          role: "DATANODE",
          resourcePresetId: c.spark.data.preset,
          disk: disk(c.spark.data.diskType, c.spark.data.diskGb),
          hostsMin: c.spark.data.hosts,
          hostsMax: c.spark.data.hosts,
          preemptible: false,
        },
        {
          name: "compute",
          role: "COMPUTENODE",
          resourcePresetId: c.spark.compute.preset,
          disk: disk(c.spark.compute.diskType, c.spark.compute.diskGb),
          hostsMin: c.spark.compute.minHosts,
          hostsMax: c.spark.compute.maxHosts,
          preemptible: c.spark.compute.preemptible,
        },
      ],
    },
    kafka: {
      brokerPresetId: c.kafka.preset,
      zones: c.zones.length,
      brokersPerZone: c.kafka.brokersPerZone,
      disk: disk(c.kafka.diskType, c.kafka.diskGb),
    },
    redis: {
      resourcePresetId: c.redis.preset,
      hosts: c.zones.length,
      disk: disk(c.redis.diskType, c.redis.diskGb),
    },
    airflow: {
      webserver: fixed(c.airflow.webserver),
      scheduler: fixed(c.airflow.scheduler),
      worker: {
        presetId: c.airflow.worker.preset,
        countMin: c.airflow.worker.minCount,
        countMax: c.airflow.worker.maxCount,
      },
    },
    postgresql: {
      resourcePresetId: c.mlflow.postgresql.preset,
      hosts: c.mlflow.postgresql.hosts,
      disk: disk(c.mlflow.postgresql.diskType, c.mlflow.postgresql.diskGb),
    },
    kubernetes: {
      master: c.kubernetes.master,
      nodeGroups: c.zones.map((zone) => ({
        name: `nodes-${zone}`,
        cores: n.cores,
        memoryGb: n.memoryGb,
        coreFraction: n.coreFraction,
        nodesMin: n.minNodes,
        nodesMax: n.maxNodes,
        bootDisk: disk(n.diskType, n.diskGb),
        preemptible: n.preemptible,
      })),
    },
    containerRegistry: { storageGb: v.registry },
    // One NAT gateway; the master's public API address when it has one; a public load balancer
    // only when the scoring API is public (internal balancers hold no public address).
    network: {
      natGateways: 1,
      publicIps: c.kubernetes.publicApi ? 1 : 0,
      loadBalancers: c.scoring.publicEndpoint ? 1 : 0,
    },
  };
}
