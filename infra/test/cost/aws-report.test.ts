import { parseStackConfig, type StackConfig } from "../../config";
import { awsCostInputsFromConfig } from "../../config/aws-cost-inputs";
import { costReportFromConfig } from "../../config/cost-report";
import { renderCost } from "../../plan/render";
import type { StackName } from "../../testing/capture";
import { configOf, rawConfigOf } from "../helpers";

/** A stack file read as the CLI reads it, with `--config antifraud:cloud=aws`. */
const awsConfigOf = (stack: StackName, region?: "us-east-1"): StackConfig => {
  const raw = rawConfigOf(stack);
  const aws = raw.aws as Record<string, unknown>;
  return parseStackConfig(stack, { ...raw, cloud: "aws", aws: { ...aws, region: region ?? aws.region } });
};

describe("awsCostInputsFromConfig", () => {
  it("sizes dev: one zone, two service zones for MSK, one NAT gateway, spot nodes, On-Demand EMR task hosts", () => {
    expect(awsCostInputsFromConfig(awsConfigOf("dev"))).toEqual({
      objectStorage: {
        // raw 50 GB, 7 of 30 days in STANDARD: 11.67 GB, the rest in Glacier IR; no airflow bucket
        buckets: [
          { name: "raw (standard)", storageClass: "STANDARD", sizeGb: 11.67 },
          { name: "raw (cold)", storageClass: "GLACIER_IR", sizeGb: 38.33 },
          { name: "clean", storageClass: "STANDARD", sizeGb: 20 },
          { name: "models", storageClass: "STANDARD", sizeGb: 1 },
          { name: "spark", storageClass: "STANDARD", sizeGb: 5 },
        ],
        kmsKeys: 1,
      },
      spark: {
        groups: [
          // s3-c2-m8 needs 2 vCPUs, 8 GB: EMR offers no .large size, so c6i.xlarge (4 vCPUs, 8 GB)
          { name: "master", instanceType: "c6i.xlarge", countMin: 1, countMax: 1, diskGb: 40, spot: false },
          { name: "core", instanceType: "m6i.xlarge", countMin: 1, countMax: 1, diskGb: 64, spot: false },
          { name: "task", instanceType: "m6i.xlarge", countMin: 1, countMax: 2, diskGb: 64, spot: false },
        ],
      },
      kafka: { brokerType: "kafka.m5.large", brokers: 2, storageGbPerBroker: 32, scramSecrets: 5 },
      // hm3-c2-m8 needs 8 GB: cache.m6g.large has 6.38, so cache.r6g.large
      redis: { nodeType: "cache.r6g.large", nodes: 1 },
      postgresql: { instanceClass: "db.m6i.large", multiAz: false, storageGb: 10 },
      kubernetes: {
        clusters: 1,
        nodeGroups: [
          {
            name: "nodes-eu-central-1a",
            instanceType: "m6i.large",
            countMin: 1,
            countMax: 3,
            diskGb: 64,
            spot: true,
          },
        ],
      },
      containerRegistry: { storageGb: 2 },
      network: { natGateways: 1, networkLoadBalancers: 3 },
    });
  });

  it("sizes prod: a node group, a NAT gateway and a broker per zone, Multi-AZ PostgreSQL", () => {
    const inputs = awsCostInputsFromConfig(awsConfigOf("prod"));
    expect(inputs.kubernetes.nodeGroups.map((g) => [g.name, g.instanceType, g.countMin, g.countMax])).toEqual(
      [
        ["nodes-eu-central-1a", "m6i.xlarge", 1, 4],
        ["nodes-eu-central-1b", "m6i.xlarge", 1, 4],
        ["nodes-eu-central-1c", "m6i.xlarge", 1, 4],
      ],
    );
    expect(inputs.kafka).toEqual({
      brokerType: "kafka.m5.xlarge",
      brokers: 3,
      storageGbPerBroker: 200,
      scramSecrets: 5,
    });
    expect(inputs.redis).toEqual({ nodeType: "cache.r6g.xlarge", nodes: 3 });
    expect(inputs.postgresql).toEqual({ instanceClass: "db.m6i.large", multiAz: true, storageGb: 20 });
    expect(inputs.spark.groups.map((g) => [g.name, g.instanceType, g.countMin, g.countMax])).toEqual([
      ["master", "c6i.xlarge", 1, 1],
      ["core", "m6i.xlarge", 2, 2],
      ["task", "m6i.2xlarge", 1, 6],
    ]);
    expect(inputs.network).toEqual({ natGateways: 3, networkLoadBalancers: 3 });
  });
});

describe("costReportFromConfig on AWS", () => {
  it.each([
    // Kafka's 5 SCRAM secrets (the 4 services' and the admin's) at 0.40 each.
    // The EMR master, c6i.xlarge at eu-central-1 prices: 730 h x (0.194 EC2 = 141.62, 0.0485 EMR = 35.41)
    // dev: 2.11 + 612.78..828.75 + 377.54 + 139.58 + 157.59 + 163.04..343.13 + 0.20 + 100.74
    // prod: 27.94 + 1,059.18..3,218.85 + 1,177.16 + 837.46 + 317.92 + 604.12..2,197.48 + 1.00 + 183.96
    ["dev", { min: 1553.58, max: 1949.64 }, 2000],
    ["prod", { min: 4208.74, max: 7961.77 }, 8000],
  ] as const)("prices %s in USD at its region and checks the AWS budget", (stack, total, limit) => {
    const report = costReportFromConfig(awsConfigOf(stack));
    expect([report.currency, report.total, report.budget]).toEqual([
      "USD",
      total,
      { monthlyLimit: limit, currency: "USD", withinBudget: true },
    ]);
    expect(report.storageVsHdfs).toBeUndefined();
    expect(report.notes[0]).toBe(
      "eu-central-1 (EU (Frankfurt)) list prices of infra/cost/aws-price-table.json, before tax",
    );
    expect(report.components.map((c) => c.component)).not.toContain("airflow");
  });

  it("follows aws.region", () => {
    const report = costReportFromConfig(awsConfigOf("dev", "us-east-1"));
    // dev's NAT gateway, its Elastic IP and 3 NLBs at us-east-1 prices: 32.85 + 3.65 + 49.28 (2190 h x 0.0225)
    expect(report.components.find((c) => c.component === "network")?.max).toBe(85.78);
    expect(report.notes[0]).toMatch(/^us-east-1 /);
  });

  it("leaves the Yandex report as it was: RUB, the HDFS comparison and the RUB budget", () => {
    const report = costReportFromConfig(configOf("dev"));
    expect([report.currency, report.budget.currency, report.storageVsHdfs?.currency]).toEqual([
      "RUB",
      "RUB",
      "RUB",
    ]);
    expect(report.total).toEqual({ min: 38397.08, max: 45094.46 });
  });
});

describe("renderCost", () => {
  it("prints an AWS report in USD without the HDFS comparison", () => {
    const text = renderCost(JSON.parse(JSON.stringify(costReportFromConfig(awsConfigOf("dev")))));
    expect(text.split("\n")[0]).toBe(
      "Monthly cost estimate, USD; price table of 2026-12-07; 730 h/month; min/max = autoscaling bounds",
    );
    expect(text).toContain("Monthly maximum per component (USD):");
    expect(text).not.toContain("HDFS");
    expect(text.split("\n").at(-1)).toBe(
      "Budget: 2,000 USD/month; maximum estimate 1,949.64 -> within budget",
    );
  });

  it("keeps the Yandex HDFS block before the budget line", () => {
    const lines = renderCost(costReportFromConfig(configOf("dev"))).split("\n");
    expect(lines.slice(-8, -6)).toEqual([
      "Storage of 70 GB per month (RUB):",
      expect.stringContaining("STANDARD"),
    ]);
    expect(lines.at(-1)).toBe("Budget: 60,000 RUB/month; maximum estimate 45,094.46 -> within budget");
  });
});
