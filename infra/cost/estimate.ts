import type {
  AirflowInputs,
  CostInputs,
  DiskSpec,
  KafkaInputs,
  KubernetesInputs,
  ManagedHostsInputs,
  NetworkInputs,
  ObjectStorageInputs,
  SparkInputs,
} from "./inputs";
import { airflowPresetShape, presetShape } from "./presets";
import type { PriceItem, PriceTable } from "./prices";
import { findPrice, PRICE_TABLE } from "./prices";

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** One priced quantity. Hourly prices are multiplied out: quantity is in unit-hours for the month. */
export interface CostLine {
  readonly item: string;
  readonly priceId: string;
  readonly unit: string;
  readonly unitPrice: number;
  readonly quantity: Range;
  /** quantity x unitPrice per month in the estimate's currency, rounded to cents (kopecks). */
  readonly monthly: Range;
}

export type ComponentName =
  | "objectStorage"
  | "spark"
  | "kafka"
  | "redis"
  | "airflow"
  | "postgresql"
  | "kubernetes"
  | "containerRegistry"
  | "network";

export interface ComponentCost {
  readonly component: ComponentName;
  readonly min: number;
  readonly max: number;
  readonly lines: readonly CostLine[];
}

export interface CostEstimate {
  /** RUB for the Yandex price table, USD for the AWS one. */
  readonly currency: "RUB" | "USD";
  readonly vatIncluded: boolean;
  readonly priceTableDate: string;
  readonly hoursPerMonth: number;
  readonly components: readonly ComponentCost[];
  readonly total: Range;
  /** Stand-ins and exclusions that affect the figures (missing list prices). */
  readonly notes: readonly string[];
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

export function requireCount(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${what} must be a finite number >= 0, got ${value}`);
  return value;
}

export function requireRange(min: number, max: number, what: string): Range {
  requireCount(min, `${what} (min)`);
  requireCount(max, `${what} (max)`);
  if (min > max) throw new Error(`${what}: min ${min} is greater than max ${max}`);
  return { min, max };
}

class LineBuilder {
  readonly lines: CostLine[] = [];
  constructor(private readonly prices: PriceTable) {}

  /** `perUnit` is how many price units one counted thing holds per month (e.g. vCPUs x hours). */
  add(item: string, priceId: string, count: Range, perUnit: number, why: string): void {
    const row: PriceItem = findPrice(this.prices, priceId, why);
    const hours = row.unit === "GB-month" ? 1 : this.prices.hoursPerMonth;
    const quantity = { min: count.min * perUnit * hours, max: count.max * perUnit * hours };
    this.lines.push({
      item,
      priceId,
      unit: row.unit,
      unitPrice: row.price,
      quantity,
      monthly: { min: round2(quantity.min * row.price), max: round2(quantity.max * row.price) },
    });
  }

  disk(item: string, prefix: string, count: Range, disk: DiskSpec): void {
    requireCount(disk.sizeGb, `${item} disk size`);
    this.add(
      `${item} disk ${disk.type}`,
      `${prefix}${disk.type}`,
      count,
      disk.sizeGb,
      `${disk.type} storage`,
    );
  }

  component(component: ComponentName): ComponentCost {
    const sum = (pick: (l: CostLine) => number): number =>
      round2(this.lines.reduce((s, l) => s + pick(l), 0));
    return { component, min: sum((l) => l.monthly.min), max: sum((l) => l.monthly.max), lines: this.lines };
  }
}

function objectStorageCost(inputs: ObjectStorageInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  for (const bucket of inputs.buckets) {
    const size = requireCount(bucket.sizeGb, `bucket '${bucket.name}' size`);
    const priceId = `storage.${bucket.storageClass.toLowerCase()}`;
    b.add(
      `bucket ${bucket.name} (${bucket.storageClass})`,
      priceId,
      { min: size, max: size },
      1,
      "storage class",
    );
  }
  return b.component("objectStorage");
}

/** vCPU and RAM lines of managed hosts priced per vCPU share (Data Processing, Kafka, Redis). */
function hostLines(b: LineBuilder, label: string, service: string, presetId: string, hosts: Range): void {
  const shape = presetShape(presetId);
  const why = `${presetId} has a ${shape.coreFraction}% vCPU share`;
  b.add(`${label} vCPU (${presetId})`, `${service}.vcpu.c${shape.coreFraction}`, hosts, shape.vcpu, why);
  b.add(`${label} RAM (${presetId})`, `${service}.ram`, hosts, shape.memoryGb, `${service} RAM`);
}

function sparkCost(inputs: SparkInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  for (const sc of inputs.subclusters) {
    const hosts = requireRange(sc.hostsMin, sc.hostsMax, `Spark subcluster '${sc.name}' hosts`);
    const label = `${sc.name} (${sc.role.toLowerCase()})`;
    if (sc.preemptible) {
      const shape = presetShape(sc.resourcePresetId);
      if (shape.coreFraction !== 100) {
        throw new Error(`no preemptible price for ${shape.coreFraction}% vCPU (${sc.resourcePresetId})`);
      }
      const p = `preemptible ${sc.resourcePresetId}`;
      b.add(`${label} vCPU ${p}`, "compute.vcpu.c100.preemptible", hosts, shape.vcpu, "preemptible vCPU");
      b.add(`${label} vCPU surcharge`, "dataproc.surcharge.vcpu.c100", hosts, shape.vcpu, "Data Processing");
      b.add(`${label} RAM ${p}`, "compute.ram.preemptible", hosts, shape.memoryGb, "preemptible RAM");
      b.add(`${label} RAM surcharge`, "dataproc.surcharge.ram", hosts, shape.memoryGb, "Data Processing");
    } else {
      hostLines(b, label, "dataproc", sc.resourcePresetId, hosts);
    }
    b.disk(label, "disk.", hosts, sc.disk);
  }
  return b.component("spark");
}

function managedHostsCost(b: LineBuilder, label: string, service: string, h: ManagedHostsInputs): void {
  const hosts = requireCount(h.hosts, `${label} hosts`);
  const range = { min: hosts, max: hosts };
  hostLines(b, label, service, h.resourcePresetId, range);
  b.disk(label, `${service}.disk.`, range, h.disk);
}

function kafkaCost(inputs: KafkaInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  const brokers =
    requireCount(inputs.zones, "Kafka zones") * requireCount(inputs.brokersPerZone, "Kafka brokers/zone");
  managedHostsCost(b, "broker", "kafka", {
    resourcePresetId: inputs.brokerPresetId,
    hosts: brokers,
    disk: inputs.disk,
  });
  if (inputs.coordinator) managedHostsCost(b, "coordinator", "kafka", inputs.coordinator);
  return b.component("kafka");
}

function redisCost(inputs: ManagedHostsInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  managedHostsCost(b, "redis host", "redis", inputs);
  return b.component("redis");
}

function postgresqlCost(inputs: ManagedHostsInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  managedHostsCost(b, "postgresql host", "postgresql", inputs);
  return b.component("postgresql");
}

/** Each Airflow component is billed per instance for its preset's vCPUs and RAM. */
function airflowCost(inputs: AirflowInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  for (const [role, c] of Object.entries(inputs)) {
    const count = requireRange(c.countMin, c.countMax, `Airflow ${role} instances`);
    const shape = airflowPresetShape(c.presetId);
    b.add(`${role} vCPU (${c.presetId})`, "airflow.vcpu.c100", count, shape.vcpu, "Airflow vCPU");
    b.add(`${role} RAM (${c.presetId})`, "airflow.ram", count, shape.memoryGb, "Airflow RAM");
  }
  return b.component("airflow");
}

function kubernetesCost(inputs: KubernetesInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  b.add(`master (${inputs.master})`, `k8s.master.${inputs.master}`, { min: 1, max: 1 }, 1, "master type");
  for (const g of inputs.nodeGroups) {
    const nodes = requireRange(g.nodesMin, g.nodesMax, `node group '${g.name}' nodes`);
    if (g.coreFraction !== 100) {
      throw new Error(
        `node group '${g.name}': no Compute price for coreFraction ${g.coreFraction} (only 100)`,
      );
    }
    const suffix = g.preemptible ? ".preemptible" : "";
    const label = `nodes ${g.name}${g.preemptible ? " preemptible" : ""}`;
    b.add(`${label} vCPU`, `compute.vcpu.c100${suffix}`, nodes, requireCount(g.cores, "cores"), "node vCPU");
    b.add(`${label} RAM`, `compute.ram${suffix}`, nodes, requireCount(g.memoryGb, "memory"), "node RAM");
    b.disk(`nodes ${g.name} boot`, "disk.", nodes, g.bootDisk);
  }
  return b.component("kubernetes");
}

function registryCost(storageGb: number, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  const gb = requireCount(storageGb, "registry storage");
  b.add("image storage", "registry.storage", { min: gb, max: gb }, 1, "registry storage");
  return b.component("containerRegistry");
}

function networkCost(inputs: NetworkInputs, prices: PriceTable): ComponentCost {
  const b = new LineBuilder(prices);
  const fixed = (n: number, what: string): Range => ({ min: requireCount(n, what), max: n });
  if (inputs.natGateways > 0)
    b.add("NAT gateway", "vpc.nat-gateway", fixed(inputs.natGateways, "NAT"), 1, "NAT");
  if (inputs.publicIps > 0)
    b.add("public IPv4", "vpc.public-ip", fixed(inputs.publicIps, "public IPs"), 1, "IP");
  if (inputs.loadBalancers > 0) {
    const lbs = fixed(inputs.loadBalancers, "load balancers");
    b.add("load balancer public IPv4", "vpc.public-ip", lbs, 1, "load balancer address");
  }
  return b.component("network");
}

function notesFor(inputs: CostInputs, prices: PriceTable, components: readonly ComponentCost[]): string[] {
  const used = new Set(components.flatMap((c) => c.lines.map((l) => l.priceId)));
  const notes = prices.items
    .filter((p) => p.standInFor && used.has(p.id))
    .map((p) => `${p.id} is a stand-in (${p.standInFor}): ${p.source}`);
  if (inputs.network.loadBalancers > 0) {
    const lb = prices.missing.find((m) => m.id === "lb.network-load-balancer");
    notes.push(`load balancer fee excluded: ${lb ? lb.treatment : "no list price"}`);
  }
  const old = [...new Set(prices.items.filter((p) => used.has(p.id) && p.vintage !== "A").map((p) => p.id))];
  if (old.length) notes.push(`priced from pre-2026 list prices (no current figure found): ${old.join(", ")}`);
  return notes;
}

/** Pure monthly cost of the platform at minimum and maximum autoscaling. Throws on unknown presets or prices. */
export function estimateMonthlyCost(inputs: CostInputs, prices: PriceTable = PRICE_TABLE): CostEstimate {
  const components = [
    objectStorageCost(inputs.objectStorage, prices),
    sparkCost(inputs.spark, prices),
    kafkaCost(inputs.kafka, prices),
    redisCost(inputs.redis, prices),
    airflowCost(inputs.airflow, prices),
    postgresqlCost(inputs.postgresql, prices),
    kubernetesCost(inputs.kubernetes, prices),
    registryCost(inputs.containerRegistry.storageGb, prices),
    networkCost(inputs.network, prices),
  ];
  const total = {
    min: round2(components.reduce((s, c) => s + c.min, 0)),
    max: round2(components.reduce((s, c) => s + c.max, 0)),
  };
  return {
    currency: prices.currency,
    vatIncluded: prices.vatIncluded,
    priceTableDate: prices.priceTableDate,
    hoursPerMonth: prices.hoursPerMonth,
    components,
    total,
    notes: notesFor(inputs, prices, components),
  };
}
