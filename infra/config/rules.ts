/**
 * Rules that relate several settings: what a highly available prod needs, Kafka replication
 * against the broker count, the CIDR layout, scaling bounds. Each problem carries the offending
 * key path, the value and a concrete fix.
 */
import { overlaps, parseCidr, subnetCapacity } from "../network-math";
import {
  AWS_NETWORK_TIERS,
  NETWORK_TIERS,
  YANDEX_ZONES,
  type ResourceConfig,
  type StackConfig,
} from "./schema";

export interface ConfigProblem {
  /** Path inside the stack config, first element is the top-level key (e.g. ["kafka", "replicationFactor"]). */
  readonly path: ReadonlyArray<string | number>;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

type Problems = ConfigProblem[];

function cpuMillis(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

function memoryMi(quantity: string): number {
  return quantity.endsWith("Gi") ? Number(quantity.slice(0, -2)) * 1024 : Number(quantity.slice(0, -2));
}

function checkResources(problems: Problems, path: Array<string | number>, r: ResourceConfig): void {
  if (cpuMillis(r.cpuRequest) > cpuMillis(r.cpuLimit)) {
    problems.push({
      path: [...path, "cpuRequest"],
      value: r.cpuRequest,
      message: `the CPU request is above the CPU limit ${r.cpuLimit}`,
      fix: `lower it to at most ${r.cpuLimit} or raise cpuLimit`,
    });
  }
  if (memoryMi(r.memoryRequest) > memoryMi(r.memoryLimit)) {
    problems.push({
      path: [...path, "memoryRequest"],
      value: r.memoryRequest,
      message: `the memory request is above the memory limit ${r.memoryLimit}`,
      fix: `lower it to at most ${r.memoryLimit} or raise memoryLimit`,
    });
  }
}

function checkNetwork(problems: Problems, c: StackConfig): void {
  const ranges: Array<[string, string]> = [
    ["vpcCidr", c.network.vpcCidr],
    ["podCidr", c.network.podCidr],
    ["serviceCidr", c.network.serviceCidr],
  ];
  const parsed = new Map<string, ReturnType<typeof parseCidr>>();
  for (const [key, text] of ranges) {
    try {
      parsed.set(key, parseCidr(text));
    } catch (error) {
      problems.push({
        path: ["network", key],
        value: text,
        message: (error as Error).message,
        fix: "use the network address of the block (host bits zero)",
      });
    }
  }
  const vpc = parsed.get("vpcCidr");
  if (vpc) {
    const tiers = c.cloud === "aws" ? AWS_NETWORK_TIERS : NETWORK_TIERS;
    const needed = tiers.length * YANDEX_ZONES.length;
    const capacity = subnetCapacity(c.network.vpcCidr, c.network.subnetPrefixLength);
    if (capacity < needed) {
      problems.push({
        path: ["network", "subnetPrefixLength"],
        value: c.network.subnetPrefixLength,
        message: `${c.network.vpcCidr} cannot hold the ${needed} subnets of /${c.network.subnetPrefixLength} (${tiers.length} tiers x ${YANDEX_ZONES.length} zone slots${c.cloud === "aws" ? "; on AWS a public tier holds the NAT gateways" : ""})`,
        fix: `use a prefix length between ${vpc.prefixLength + Math.ceil(Math.log2(needed))} and 28, or a larger vpcCidr`,
      });
    }
  }
  const keys = [...parsed.keys()];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = parsed.get(keys[i] as string);
      const b = parsed.get(keys[j] as string);
      if (a && b && overlaps(a, b)) {
        problems.push({
          path: ["network", keys[j] as string],
          value: c.network[keys[j] as "podCidr"],
          message: `overlaps network.${keys[i]} ${c.network[keys[i] as "podCidr"]}`,
          fix: "choose a range that overlaps neither the VPC nor the other Kubernetes range",
        });
      }
    }
  }
  c.network.adminCidrs.forEach((cidr, index) => {
    if (cidr.endsWith("/0")) {
      problems.push({
        path: ["network", "adminCidrs", index],
        value: cidr,
        message: "opens the Kubernetes API to the whole internet",
        fix: "list only the operators' and CI runners' egress ranges",
      });
    }
  });
}

function checkKafka(problems: Problems, c: StackConfig): void {
  const brokers = c.kafka.brokersPerZone * c.zones.length;
  if (c.kafka.replicationFactor > brokers) {
    problems.push({
      path: ["kafka", "replicationFactor"],
      value: c.kafka.replicationFactor,
      message: `exceeds the ${brokers} brokers (${c.kafka.brokersPerZone} per zone x ${c.zones.length} zones)`,
      fix: `set it to at most ${brokers} or add brokers/zones`,
    });
  }
  if (c.kafka.minInsyncReplicas > c.kafka.replicationFactor) {
    problems.push({
      path: ["kafka", "minInsyncReplicas"],
      value: c.kafka.minInsyncReplicas,
      message: `exceeds the replication factor ${c.kafka.replicationFactor}, so no write could ever succeed`,
      fix: `set it to at most ${Math.max(1, c.kafka.replicationFactor - 1)}`,
    });
  } else if (c.kafka.replicationFactor > 1 && c.kafka.minInsyncReplicas === c.kafka.replicationFactor) {
    problems.push({
      path: ["kafka", "minInsyncReplicas"],
      value: c.kafka.minInsyncReplicas,
      message: `equals the replication factor, so losing one broker stops all writes`,
      fix: `set it to ${c.kafka.replicationFactor - 1}`,
    });
  }
  const partitions = c.kafka.topics.transactions.partitions;
  if (c.scoring.stream.maxReplicas > partitions) {
    problems.push({
      path: ["scoring", "stream", "maxReplicas"],
      value: c.scoring.stream.maxReplicas,
      message: `exceeds the ${partitions} partitions of "transactions"; extra stream workers would sit idle`,
      fix: `set it to at most ${partitions} or raise kafka.topics.transactions.partitions`,
    });
  }
}

function checkProd(problems: Problems, c: StackConfig): void {
  const need = (path: Array<string | number>, value: unknown, ok: boolean, message: string, fix: string) => {
    if (!ok) problems.push({ path, value, message: `prod must be highly available: ${message}`, fix });
  };
  need(
    ["zones"],
    c.zones,
    c.zones.length === 3,
    "it needs three zones",
    "list ru-central1-a, ru-central1-b and ru-central1-d",
  );
  need(
    ["kafka", "replicationFactor"],
    c.kafka.replicationFactor,
    c.kafka.replicationFactor >= 3,
    "Kafka needs replication factor 3",
    "set it to 3",
  );
  need(
    ["kafka", "minInsyncReplicas"],
    c.kafka.minInsyncReplicas,
    c.kafka.minInsyncReplicas >= 2,
    "Kafka needs min in-sync replicas 2",
    "set it to 2",
  );
  need(
    ["kubernetes", "master"],
    c.kubernetes.master,
    c.kubernetes.master === "regional",
    "the Kubernetes master must be regional",
    'set it to "regional"',
  );
  for (const workload of ["serve", "stream"] as const) {
    const w = c.scoring[workload];
    need(
      ["scoring", workload, "minReplicas"],
      w.minReplicas,
      w.minReplicas >= 2,
      `${workload} needs at least 2 replicas`,
      "set it to 2 or more",
    );
  }
  need(
    ["scoring", "autoscaling"],
    c.scoring.autoscaling,
    c.scoring.autoscaling,
    "the scoring workloads need HPAs",
    "set it to true",
  );
  need(
    ["scoring", "podDisruptionBudget"],
    c.scoring.podDisruptionBudget,
    c.scoring.podDisruptionBudget,
    "the scoring workloads need PodDisruptionBudgets",
    "set it to true",
  );
  need(
    ["mlflow", "replicas"],
    c.mlflow.replicas,
    c.mlflow.replicas >= 2,
    "MLflow needs at least 2 replicas",
    "set it to 2 or more",
  );
  need(
    ["mlflow", "postgresql", "hosts"],
    c.mlflow.postgresql.hosts,
    c.mlflow.postgresql.hosts >= 2,
    "PostgreSQL needs a replica to fail over to",
    "set it to 2 or more",
  );
  need(
    ["airflow", "scheduler", "count"],
    c.airflow.scheduler.count,
    c.airflow.scheduler.count >= 2,
    "Airflow needs a second scheduler",
    "set it to 2 or more",
  );
  need(
    ["kubernetes", "nodes", "preemptible"],
    c.kubernetes.nodes.preemptible,
    !c.kubernetes.nodes.preemptible,
    "serving nodes must not be preemptible",
    "set it to false",
  );
}

export function crossFieldProblems(c: StackConfig): ConfigProblem[] {
  const problems: Problems = [];
  if (new Set(c.zones).size !== c.zones.length) {
    problems.push({
      path: ["zones"],
      value: c.zones,
      message: "lists a zone twice",
      fix: "list each zone once",
    });
  }
  if (!c.zones.includes(c.yandex.zone)) {
    problems.push({
      path: ["yandex", "zone"],
      value: c.yandex.zone,
      message: `is not one of antifraud:zones (${c.zones.join(", ")})`,
      fix: `set it to ${c.zones[0]}`,
    });
  }
  if (c.kubernetes.master === "regional" && c.zones.length !== 3) {
    problems.push({
      path: ["kubernetes", "master"],
      value: c.kubernetes.master,
      message: `a regional master needs three zones, antifraud:zones has ${c.zones.length}`,
      fix: 'set it to "zonal" or list three zones',
    });
  }
  const n = c.kubernetes.nodes;
  if (!(n.minNodes <= n.initialNodes && n.initialNodes <= n.maxNodes)) {
    problems.push({
      path: ["kubernetes", "nodes", "initialNodes"],
      value: n.initialNodes,
      message: `needs minNodes (${n.minNodes}) <= initialNodes <= maxNodes (${n.maxNodes})`,
      fix: "adjust the three values so they are ordered",
    });
  }
  if (c.spark.compute.minHosts > c.spark.compute.maxHosts) {
    problems.push({
      path: ["spark", "compute", "minHosts"],
      value: c.spark.compute.minHosts,
      message: `is above maxHosts (${c.spark.compute.maxHosts})`,
      fix: `set it to at most ${c.spark.compute.maxHosts}`,
    });
  }
  if (c.scoring.nodePort === c.monitoring.grafanaNodePort) {
    problems.push({
      path: ["monitoring", "grafanaNodePort"],
      value: c.monitoring.grafanaNodePort,
      message: "is the same as scoring.nodePort, which is open to the internet",
      fix: "choose another port in 30000-32767",
    });
  }
  if (c.storage.rawColdAfterDays >= c.storage.rawExpireAfterDays) {
    problems.push({
      path: ["storage", "rawColdAfterDays"],
      value: c.storage.rawColdAfterDays,
      message: `must be below rawExpireAfterDays (${c.storage.rawExpireAfterDays}) or the cold tier is never used`,
      fix: `set it below ${c.storage.rawExpireAfterDays}`,
    });
  }
  for (const workload of ["serve", "stream"] as const) {
    const w = c.scoring[workload];
    if (w.minReplicas > w.maxReplicas) {
      problems.push({
        path: ["scoring", workload, "minReplicas"],
        value: w.minReplicas,
        message: `is above maxReplicas (${w.maxReplicas})`,
        fix: `set it to at most ${w.maxReplicas}`,
      });
    }
    checkResources(problems, ["scoring", workload, "resources"], w.resources);
  }
  checkResources(problems, ["monitoring", "prometheusResources"], c.monitoring.prometheusResources);
  checkResources(problems, ["mlflow", "resources"], c.mlflow.resources);
  const workers = c.airflow.worker;
  if (workers.minCount > workers.maxCount) {
    problems.push({
      path: ["airflow", "worker", "minCount"],
      value: workers.minCount,
      message: `is above maxCount (${workers.maxCount})`,
      fix: `set it to at most ${workers.maxCount}`,
    });
  }
  checkNetwork(problems, c);
  checkKafka(problems, c);
  if (c.environment === "prod") checkProd(problems, c);
  return problems;
}
