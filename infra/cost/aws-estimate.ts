/**
 * The AWS counterpart of estimate.ts: the same CostEstimate, components and min/max autoscaling
 * bounds, priced in USD with the committed AWS price table of one region. Pure.
 */
import type {
  AwsCostInputs,
  AwsInstanceGroupInputs,
  AwsKafkaInputs,
  AwsKubernetesInputs,
  AwsNetworkInputs,
  AwsObjectStorageInputs,
  AwsPostgresqlInputs,
  AwsRedisInputs,
} from "./aws-inputs";
import type { AwsPriceRow, AwsPriceTable, AwsRegion } from "./aws-prices";
import { findAwsPrice } from "./aws-prices";
import type { ComponentCost, ComponentName, CostEstimate, CostLine, Range } from "./estimate";
import { requireCount, requireRange, round2 } from "./estimate";

const fixed = (n: number, what: string): Range => ({ min: requireCount(n, what), max: n });

class AwsLineBuilder {
  readonly lines: CostLine[] = [];
  constructor(
    private readonly table: AwsPriceTable,
    private readonly region: AwsRegion,
  ) {}

  /** `perUnit` is how many price units one counted thing holds (GB of a volume, 2 for a Multi-AZ pair). */
  add(item: string, priceId: string, count: Range, perUnit: number, why: string): void {
    const row: AwsPriceRow = findAwsPrice(this.table, this.region, priceId, why);
    if (row.unit !== "hour" && row.unit !== "GB-month" && row.unit !== "month") {
      throw new Error(
        `price '${priceId}' is usage-based (per ${row.unit}); the estimate prices capacity only`,
      );
    }
    const months = row.unit === "hour" ? this.table.hoursPerMonth : 1;
    const quantity = { min: count.min * perUnit * months, max: count.max * perUnit * months };
    this.lines.push({
      item,
      priceId,
      unit: row.unit,
      unitPrice: row.price,
      quantity,
      monthly: { min: round2(quantity.min * row.price), max: round2(quantity.max * row.price) },
    });
  }

  /** EC2 instances and their gp3 volumes; EMR instances also pay the EMR fee of their type. */
  instances(g: AwsInstanceGroupInputs, emr: boolean): void {
    const count = requireRange(g.countMin, g.countMax, `instance group '${g.name}' instances`);
    const label = `${g.name}${g.spot ? " (spot, at On-Demand)" : ""}`;
    this.add(`${label} EC2 ${g.instanceType}`, `ec2.${g.instanceType}`, count, 1, "EC2 instance type");
    if (emr) this.add(`${label} EMR fee ${g.instanceType}`, `emr.${g.instanceType}`, count, 1, "EMR fee");
    this.add(`${g.name} EBS gp3`, "ebs.gp3", count, requireCount(g.diskGb, `${g.name} disk size`), "volume");
  }

  component(component: ComponentName): ComponentCost {
    const sum = (pick: (l: CostLine) => number): number =>
      round2(this.lines.reduce((s, l) => s + pick(l), 0));
    return { component, min: sum((l) => l.monthly.min), max: sum((l) => l.monthly.max), lines: this.lines };
  }
}

function objectStorageCost(inputs: AwsObjectStorageInputs, b: AwsLineBuilder): ComponentCost {
  for (const bucket of inputs.buckets) {
    const size = requireCount(bucket.sizeGb, `bucket '${bucket.name}' size`);
    const priceId = bucket.storageClass === "STANDARD" ? "s3.standard" : "s3.glacier-ir";
    b.add(`bucket ${bucket.name} (${bucket.storageClass})`, priceId, fixed(size, "size"), 1, "storage class");
  }
  if (inputs.kmsKeys > 0)
    b.add("KMS customer managed key", "kms.key", fixed(inputs.kmsKeys, "KMS keys"), 1, "KMS");
  return b.component("objectStorage");
}

function sparkCost(groups: readonly AwsInstanceGroupInputs[], b: AwsLineBuilder): ComponentCost {
  for (const g of groups) b.instances(g, true);
  return b.component("spark");
}

/** The SCRAM passwords live in Secrets Manager, one secret per Kafka user, so they are Kafka's cost. */
function kafkaCost(inputs: AwsKafkaInputs, b: AwsLineBuilder): ComponentCost {
  const brokers = fixed(inputs.brokers, "MSK brokers");
  b.add(`brokers (${inputs.brokerType})`, `msk.${inputs.brokerType}`, brokers, 1, "MSK broker type");
  const gb = requireCount(inputs.storageGbPerBroker, "MSK broker storage");
  b.add("broker storage", "msk.storage", brokers, gb, "MSK storage");
  if (inputs.scramSecrets > 0) {
    const secrets = fixed(inputs.scramSecrets, "SCRAM secrets");
    b.add("SCRAM user secrets", "secretsmanager.secret", secrets, 1, "Secrets Manager");
  }
  return b.component("kafka");
}

function redisCost(inputs: AwsRedisInputs, b: AwsLineBuilder): ComponentCost {
  const nodes = fixed(inputs.nodes, "Redis nodes");
  b.add(`Valkey nodes (${inputs.nodeType})`, `elasticache.valkey.${inputs.nodeType}`, nodes, 1, "node type");
  return b.component("redis");
}

/** RDS lists Single-AZ prices; Multi-AZ runs a standby, so instance and storage count twice. */
function postgresqlCost(inputs: AwsPostgresqlInputs, b: AwsLineBuilder): ComponentCost {
  const copies = inputs.multiAz ? 2 : 1;
  const deployment = inputs.multiAz ? "Multi-AZ = 2 x Single-AZ" : "Single-AZ";
  const one = { min: 1, max: 1 };
  const id = `rds.postgresql.${inputs.instanceClass}`;
  b.add(`instance (${inputs.instanceClass}, ${deployment})`, id, one, copies, "RDS instance class");
  const gb = requireCount(inputs.storageGb, "RDS storage");
  b.add(`storage gp3 (${deployment})`, "rds.storage.gp3", one, gb * copies, "RDS storage");
  return b.component("postgresql");
}

function kubernetesCost(inputs: AwsKubernetesInputs, b: AwsLineBuilder): ComponentCost {
  b.add("EKS cluster", "eks.cluster", fixed(inputs.clusters, "EKS clusters"), 1, "EKS");
  for (const g of inputs.nodeGroups) b.instances(g, false);
  return b.component("kubernetes");
}

function registryCost(storageGb: number, b: AwsLineBuilder): ComponentCost {
  b.add("image storage", "ecr.storage", fixed(storageGb, "registry storage"), 1, "ECR storage");
  return b.component("containerRegistry");
}

function networkCost(inputs: AwsNetworkInputs, b: AwsLineBuilder): ComponentCost {
  if (inputs.natGateways > 0) {
    const nat = fixed(inputs.natGateways, "NAT gateways");
    b.add("NAT gateway", "vpc.nat-gateway", nat, 1, "NAT");
    b.add("NAT gateway Elastic IP", "vpc.public-ipv4", nat, 1, "public IPv4");
  }
  if (inputs.networkLoadBalancers > 0) {
    const nlbs = fixed(inputs.networkLoadBalancers, "load balancers");
    b.add("Network Load Balancer", "elb.network", nlbs, 1, "NLB");
  }
  return b.component("network");
}

function notesFor(
  inputs: AwsCostInputs,
  table: AwsPriceTable,
  region: AwsRegion,
  components: readonly ComponentCost[],
): string[] {
  const rows = table.regions[region].items;
  const used = new Set(components.flatMap((c) => c.lines.map((l) => l.priceId)));
  const usedRows = rows.filter((p) => used.has(p.id));
  const notes = [
    `${region} (${table.regions[region].name}) list prices of infra/cost/aws-price-table.json, before tax`,
    "airflow is not priced: this round ships no managed Airflow on AWS (no MWAA environment is created)",
  ];
  const spot = [...inputs.spark.groups, ...inputs.kubernetes.nodeGroups].filter((g) => g.spot);
  if (spot.length > 0) {
    notes.push(
      `spot capacity priced at the On-Demand list price at min and max (spot prices float and are no list ` +
        `price, so these figures are an upper bound): ${spot.map((g) => g.name).join(", ")}`,
    );
  }
  const excludedHere = table.excluded.filter(
    (e) =>
      (e.id !== "vpc.nat-gateway.data" || inputs.network.natGateways > 0) &&
      (e.id !== "elb.network.nlcu" || inputs.network.networkLoadBalancers > 0),
  );
  for (const e of excludedHere) {
    const row = rows.find((p) => p.id === e.id);
    const price = row ? ` (${e.id}, ${row.price} USD per ${row.unit})` : "";
    notes.push(`${e.item}${price} excluded: ${e.treatment}`);
  }
  const unverified = [...new Set(usedRows.filter((p) => !p.verified).map((p) => p.id))];
  if (unverified.length > 0) {
    notes.push(`priced from figures not re-read on this machine (verified: false): ${unverified.join(", ")}`);
  }
  return notes;
}

/**
 * Pure monthly cost of the AWS platform at minimum and maximum autoscaling, in USD, with the list
 * prices of `region`. Throws on an instance type or price the table does not have.
 */
export function estimateAwsMonthlyCost(
  inputs: AwsCostInputs,
  table: AwsPriceTable,
  region: AwsRegion,
): CostEstimate {
  if (!Object.prototype.hasOwnProperty.call(table.regions, region)) {
    throw new Error(
      `no AWS prices for region '${region}' (priced: ${Object.keys(table.regions).join(", ")})`,
    );
  }
  const builder = (): AwsLineBuilder => new AwsLineBuilder(table, region);
  const components = [
    objectStorageCost(inputs.objectStorage, builder()),
    sparkCost(inputs.spark.groups, builder()),
    kafkaCost(inputs.kafka, builder()),
    redisCost(inputs.redis, builder()),
    postgresqlCost(inputs.postgresql, builder()),
    kubernetesCost(inputs.kubernetes, builder()),
    registryCost(inputs.containerRegistry.storageGb, builder()),
    networkCost(inputs.network, builder()),
  ];
  return {
    currency: table.currency,
    vatIncluded: table.taxIncluded,
    priceTableDate: table.priceTableDate,
    hoursPerMonth: table.hoursPerMonth,
    components,
    total: {
      min: round2(components.reduce((s, c) => s + c.min, 0)),
      max: round2(components.reduce((s, c) => s + c.max, 0)),
    },
    notes: notesFor(inputs, table, region, components),
  };
}
