import type { CostInputs } from "../../cost";

/** A prod-like sizing whose monthly figures are worked out by hand in estimate.test.ts. */
export const HAND_PRICED: CostInputs = {
  objectStorage: {
    buckets: [
      { name: "raw", storageClass: "STANDARD", sizeGb: 100 },
      { name: "models", storageClass: "COLD", sizeGb: 10 },
    ],
  },
  spark: {
    subclusters: [
      {
        name: "master",
        role: "MASTERNODE",
        resourcePresetId: "s3-c2-m8",
        disk: { type: "network-ssd", sizeGb: 40 },
        hostsMin: 1,
        hostsMax: 1,
        preemptible: false,
      },
      {
        name: "compute",
        role: "COMPUTENODE",
        resourcePresetId: "s3-c4-m16",
        disk: { type: "network-hdd", sizeGb: 64 },
        hostsMin: 0,
        hostsMax: 4,
        preemptible: true,
      },
    ],
  },
  kafka: {
    brokerPresetId: "s3-c2-m8",
    zones: 3,
    brokersPerZone: 1,
    disk: { type: "network-ssd", sizeGb: 100 },
    coordinator: { resourcePresetId: "b3-c1-m4", hosts: 3, disk: { type: "network-ssd", sizeGb: 10 } },
  },
  redis: { resourcePresetId: "hm3-c2-m8", hosts: 2, disk: { type: "network-ssd", sizeGb: 16 } },
  airflow: {
    webserver: { presetId: "c1-m4", countMin: 1, countMax: 1 },
    scheduler: { presetId: "c2-m8", countMin: 1, countMax: 1 },
    worker: { presetId: "c1-m4", countMin: 1, countMax: 3 },
  },
  postgresql: { resourcePresetId: "s3-c2-m8", hosts: 2, disk: { type: "network-ssd", sizeGb: 20 } },
  kubernetes: {
    master: "regional",
    nodeGroups: [
      {
        name: "scoring",
        cores: 4,
        memoryGb: 16,
        coreFraction: 100,
        nodesMin: 2,
        nodesMax: 5,
        bootDisk: { type: "network-ssd", sizeGb: 64 },
        preemptible: false,
      },
    ],
  },
  containerRegistry: { storageGb: 20 },
  network: { natGateways: 1, publicIps: 0, loadBalancers: 1 },
};
