import fc from "fast-check";
import type { CostInputs, SparkSubclusterInputs } from "../../cost";
import { estimateMonthlyCost, MissingPriceError, PRESETS, UnknownPresetError } from "../../cost";
import { HAND_PRICED } from "./fixtures";

// Hand arithmetic: quantity x price from infra/cost/price-table.json; hourly prices x 720 h.
const H = 720;
const r2 = (x: number): number => Math.round(x * 100) / 100;

const expected = {
  objectStorage: {
    min: r2(100 * 1.261) + r2(10 * 0.6712), // 126.10 + 6.71
    max: r2(100 * 1.261) + r2(10 * 0.6712),
  },
  spark: {
    // master s3-c2-m8 (2 vCPU, 8 GB) at Data Processing totals + 40 GB network-ssd at 0.0199/GB-h
    min: r2(1 * 2 * H * 1.17) + r2(1 * 8 * H * 0.31) + r2(40 * H * 0.0199), // 1684.80 + 1785.60 + 573.12
    // + 4 preemptible s3-c4-m16 (4 vCPU, 16 GB): preemptible Compute + Data Processing surcharge + 64 GB HDD each
    max:
      r2(1 * 2 * H * 1.17) +
      r2(1 * 8 * H * 0.31) +
      r2(40 * H * 0.0199) +
      r2(4 * 4 * H * 0.34) + // 3916.80
      r2(4 * 4 * H * 0.12) + // 1382.40
      r2(4 * 16 * H * 0.083) + // 3824.64
      r2(4 * 16 * H * 0.03) + // 1382.40
      r2(4 * 64 * 2.0847), // 533.68
  },
  kafka: {
    // 3 brokers s3-c2-m8 + 3 x 100 GB SSD; 3 coordinators b3-c1-m4 (2 vCPU at 50%, 4 GB) + 3 x 10 GB SSD
    min:
      r2(3 * 2 * H * 1.51) + // 6523.20
      r2(3 * 8 * H * 0.4) + // 6912.00
      r2(3 * 100 * 13.01) + // 3903.00
      r2(3 * 2 * H * 0.68) + // 2937.60
      r2(3 * 4 * H * 0.4) + // 3456.00
      r2(3 * 10 * 13.01), // 390.30
    max: 0,
  },
  redis: {
    // 2 x hm3-c2-m8 (2 vCPU, 8 GB) at the Kafka stand-in rates + 2 x 16 GB SSD
    min: r2(2 * 2 * H * 1.51) + r2(2 * 8 * H * 0.4) + r2(2 * 16 * 13.01), // 4348.80 + 4608.00 + 416.32
    max: 0,
  },
  airflow: {
    // at the Data Processing stand-in rates: webserver c1-m4 (1 vCPU, 4 GB), scheduler c2-m8, 1..3 workers c1-m4
    min:
      r2(1 * 1 * H * 1.17) + // 842.40
      r2(1 * 4 * H * 0.31) + // 892.80
      r2(1 * 2 * H * 1.17) + // 1684.80
      r2(1 * 8 * H * 0.31) + // 1785.60
      r2(1 * 1 * H * 1.17) +
      r2(1 * 4 * H * 0.31),
    max:
      r2(1 * 1 * H * 1.17) +
      r2(1 * 4 * H * 0.31) +
      r2(1 * 2 * H * 1.17) +
      r2(1 * 8 * H * 0.31) +
      r2(3 * 1 * H * 1.17) + // 2527.20
      r2(3 * 4 * H * 0.31), // 2678.40
  },
  postgresql: {
    // 2 x s3-c2-m8 at the Kafka stand-in rates + 2 x 20 GB SSD
    min: r2(2 * 2 * H * 1.51) + r2(2 * 8 * H * 0.4) + r2(2 * 20 * 13.01), // 4348.80 + 4608.00 + 520.40
    max: 0,
  },
  kubernetes: {
    // regional master 13.90/h (= 10,008/month, the figure prices.md quotes) + 2..5 nodes of 4 vCPU/16 GB + 64 GB SSD
    min: r2(H * 13.9) + r2(2 * 4 * H * 1.24) + r2(2 * 16 * H * 0.33) + r2(2 * 64 * H * 0.0199),
    max: r2(H * 13.9) + r2(5 * 4 * H * 1.24) + r2(5 * 16 * H * 0.33) + r2(5 * 64 * H * 0.0199),
  },
  containerRegistry: { min: r2(20 * 1.892), max: r2(20 * 1.892) }, // 37.84
  network: {
    min: r2(H * 0.39528) + r2(H * 0.26352), // NAT 284.60 + load balancer address 189.73
    max: r2(H * 0.39528) + r2(H * 0.26352),
  },
};
expected.kafka.max = expected.kafka.min;
expected.redis.max = expected.redis.min;
expected.postgresql.max = expected.postgresql.min;

describe("estimateMonthlyCost against hand-computed figures", () => {
  const estimate = estimateMonthlyCost(HAND_PRICED);

  it.each(Object.entries(expected))("%s", (component, want) => {
    const got = estimate.components.find((c) => c.component === component);
    expect(got?.min).toBeCloseTo(want.min, 2);
    expect(got?.max).toBeCloseTo(want.max, 2);
  });

  it("totals the components and reports currency, table date and hours", () => {
    const min = Object.values(expected).reduce((s, c) => s + c.min, 0);
    const max = Object.values(expected).reduce((s, c) => s + c.max, 0);
    expect(estimate.total.min).toBeCloseTo(min, 2);
    expect(estimate.total.max).toBeCloseTo(max, 2);
    // 132.81 + 4043.52 + 24122.10 + 9373.12 + 6940.80 + 9477.20 + 26587.58 + 37.84 + 474.33
    expect(estimate.total.min).toBeCloseTo(81189.3, 2);
    // 132.81 + 15083.44 + 24122.10 + 9373.12 + 10411.20 + 9477.20 + 51456.96 + 37.84 + 474.33
    expect(estimate.total.max).toBeCloseTo(120569.0, 2);
    expect([estimate.currency, estimate.priceTableDate, estimate.hoursPerMonth]).toEqual([
      "RUB",
      "2026-09-30",
      720,
    ]);
    expect(estimate.components.map((c) => c.component)).toEqual(Object.keys(expected));
  });

  it("prices one line exactly as quantity x unit price", () => {
    const spark = estimate.components.find((c) => c.component === "spark");
    expect(spark?.lines[0]).toEqual({
      item: "master (masternode) vCPU (s3-c2-m8)",
      priceId: "dataproc.vcpu.c100",
      unit: "vCPU-hour",
      unitPrice: 1.17,
      quantity: { min: 1440, max: 1440 },
      monthly: { min: 1684.8, max: 1684.8 },
    });
  });

  it("notes the Redis, Airflow and PostgreSQL stand-ins and the excluded load balancer fee, and nothing about unused rows", () => {
    expect(estimate.notes.filter((n) => n.startsWith("redis."))).toHaveLength(3);
    expect(estimate.notes.filter((n) => n.startsWith("airflow."))).toEqual([
      expect.stringContaining("airflow.vcpu.c100 is a stand-in (dataproc.vcpu.c100)"),
      expect.stringContaining("airflow.ram is a stand-in (dataproc.ram)"),
    ]);
    expect(estimate.notes.filter((n) => n.startsWith("postgresql."))).toHaveLength(3);
    expect(estimate.notes.some((n) => n.startsWith("load balancer fee excluded"))).toBe(true);
    const noLb = estimateMonthlyCost({
      ...HAND_PRICED,
      network: { natGateways: 1, publicIps: 0, loadBalancers: 0 },
    });
    expect(noLb.notes.some((n) => n.includes("load balancer"))).toBe(false);
    expect(noLb.notes.join("\n")).not.toContain("redis.vcpu.c50");
  });
});

describe("estimateMonthlyCost errors", () => {
  it("names an unknown preset", () => {
    const bad: CostInputs = { ...HAND_PRICED, kafka: { ...HAND_PRICED.kafka, brokerPresetId: "s9-c2-m8" } };
    expect(() => estimateMonthlyCost(bad)).toThrow(UnknownPresetError);
    expect(() => estimateMonthlyCost(bad)).toThrow("unknown resource preset 's9-c2-m8'");
  });

  it("refuses sizes it has no price for instead of pricing them at zero", () => {
    const nonrep: CostInputs = {
      ...HAND_PRICED,
      redis: { ...HAND_PRICED.redis, disk: { type: "network-ssd-nonreplicated", sizeGb: 93 } },
    };
    expect(() => estimateMonthlyCost(nonrep)).toThrow(MissingPriceError);
    expect(() => estimateMonthlyCost(nonrep)).toThrow("no price 'redis.disk.network-ssd-nonreplicated'");
    const half = HAND_PRICED.kubernetes.nodeGroups.map((g) => ({ ...g, coreFraction: 50 }));
    expect(() =>
      estimateMonthlyCost({ ...HAND_PRICED, kubernetes: { master: "zonal", nodeGroups: half } }),
    ).toThrow("node group 'scoring': no Compute price for coreFraction 50");
  });

  it("names an Airflow preset that does not carry its size", () => {
    const bad: CostInputs = {
      ...HAND_PRICED,
      airflow: { ...HAND_PRICED.airflow, worker: { presetId: "s3-c2-m8", countMin: 1, countMax: 1 } },
    };
    expect(() => estimateMonthlyCost(bad)).toThrow("unknown Managed Airflow preset 's3-c2-m8'");
  });

  it("rejects inverted or negative autoscaling bounds", () => {
    const inverted: SparkSubclusterInputs = {
      ...HAND_PRICED.spark.subclusters[1]!,
      hostsMin: 5,
      hostsMax: 2,
    };
    expect(() => estimateMonthlyCost({ ...HAND_PRICED, spark: { subclusters: [inverted] } })).toThrow(
      "Spark subcluster 'compute' hosts: min 5 is greater than max 2",
    );
    const workers = { presetId: "c1-m4", countMin: 3, countMax: 1 };
    expect(() =>
      estimateMonthlyCost({ ...HAND_PRICED, airflow: { ...HAND_PRICED.airflow, worker: workers } }),
    ).toThrow("Airflow worker instances: min 3 is greater than max 1");
    expect(() => estimateMonthlyCost({ ...HAND_PRICED, containerRegistry: { storageGb: -1 } })).toThrow(
      "registry storage must be a finite number >= 0, got -1",
    );
  });
});

const fullPresets = Object.entries(PRESETS)
  .filter(([, s]) => s.coreFraction === 100)
  .map(([id]) => id);
const anyPreset = fc.constantFrom(...Object.keys(PRESETS));
const bounds = fc.tuple(fc.nat(6), fc.nat(6)).map(([a, b]) => ({ min: a, max: a + b }));

const inputsArb: fc.Arbitrary<CostInputs> = fc
  .record({
    sparkPreset: fc.constantFrom(...fullPresets),
    spark: bounds,
    preemptible: fc.boolean(),
    nodes: bounds,
    nodePreemptible: fc.boolean(),
    kafkaPreset: anyPreset,
    zones: fc.integer({ min: 1, max: 3 }),
    perZone: fc.integer({ min: 1, max: 3 }),
    redisPreset: anyPreset,
    redisHosts: fc.integer({ min: 1, max: 3 }),
    gb: fc.integer({ min: 0, max: 5000 }),
    master: fc.constantFrom("zonal" as const, "regional" as const),
  })
  .map((v) => ({
    ...HAND_PRICED,
    objectStorage: { buckets: [{ name: "raw", storageClass: "STANDARD", sizeGb: v.gb }] },
    spark: {
      subclusters: [
        {
          ...HAND_PRICED.spark.subclusters[1]!,
          resourcePresetId: v.sparkPreset,
          hostsMin: v.spark.min,
          hostsMax: v.spark.max,
          preemptible: v.preemptible,
        },
      ],
    },
    kafka: { ...HAND_PRICED.kafka, brokerPresetId: v.kafkaPreset, zones: v.zones, brokersPerZone: v.perZone },
    redis: { ...HAND_PRICED.redis, resourcePresetId: v.redisPreset, hosts: v.redisHosts },
    kubernetes: {
      master: v.master,
      nodeGroups: [
        {
          ...HAND_PRICED.kubernetes.nodeGroups[0]!,
          nodesMin: v.nodes.min,
          nodesMax: v.nodes.max,
          preemptible: v.nodePreemptible,
        },
      ],
    },
  }));

describe("estimateMonthlyCost properties", () => {
  it("never prices the minimum above the maximum, and totals are the sum of components", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const e = estimateMonthlyCost(inputs);
        for (const c of e.components) {
          expect(c.min).toBeGreaterThanOrEqual(0);
          expect(c.min).toBeLessThanOrEqual(c.max);
          for (const l of c.lines) expect(l.monthly.min).toBeLessThanOrEqual(l.monthly.max);
        }
        expect(e.total.min).toBeLessThanOrEqual(e.total.max);
        expect(e.total.min).toBeCloseTo(
          e.components.reduce((s, c) => s + c.min, 0),
          2,
        );
        expect(e.total.max).toBeCloseTo(
          e.components.reduce((s, c) => s + c.max, 0),
          2,
        );
      }),
      { numRuns: 200 },
    );
  });

  it("costs more at the maximum when autoscaling can add nodes", () => {
    fc.assert(
      fc.property(inputsArb, fc.integer({ min: 1, max: 4 }), (inputs, extra) => {
        const group = inputs.kubernetes.nodeGroups[0]!;
        const wider = {
          ...inputs,
          kubernetes: { ...inputs.kubernetes, nodeGroups: [{ ...group, nodesMax: group.nodesMax + extra }] },
        };
        expect(estimateMonthlyCost(wider).total.max).toBeGreaterThan(estimateMonthlyCost(inputs).total.max);
        expect(estimateMonthlyCost(wider).total.min).toBeCloseTo(estimateMonthlyCost(inputs).total.min, 2);
      }),
      { numRuns: 50 },
    );
  });
});

describe("estimateMonthlyCost quantities, optional parts and notes", () => {
  const linesOf = (inputs: CostInputs, component: string) =>
    estimateMonthlyCost(inputs).components.find((c) => c.component === component)?.lines;

  it("prices zones x brokers per zone Kafka brokers, and no coordinator lines without a coordinator", () => {
    const kafka = { ...HAND_PRICED.kafka, zones: 3, brokersPerZone: 2, coordinator: undefined };
    expect(
      linesOf({ ...HAND_PRICED, kafka }, "kafka")?.map((l) => [l.item, l.quantity.min, l.quantity.max]),
    ).toEqual([
      ["broker vCPU (s3-c2-m8)", 6 * 2 * H, 6 * 2 * H],
      ["broker RAM (s3-c2-m8)", 6 * 8 * H, 6 * 8 * H],
      ["broker disk network-ssd", 6 * 100, 6 * 100],
    ]);
  });

  it("prices NAT gateways, public IPs and load balancers only when there is at least one", () => {
    const network = (natGateways: number, publicIps: number, loadBalancers: number) =>
      linesOf({ ...HAND_PRICED, network: { natGateways, publicIps, loadBalancers } }, "network")?.map((l) => [
        l.item,
        l.quantity.min,
      ]);
    expect(network(0, 2, 0)).toEqual([["public IPv4", 2 * H]]);
    expect(network(1, 0, 0)).toEqual([["NAT gateway", H]]);
    expect(network(0, 0, 1)).toEqual([["load balancer public IPv4", H]]);
    expect(network(0, 0, 0)).toEqual([]);
  });

  it("refuses preemptible Spark hosts below a full vCPU share", () => {
    const half: SparkSubclusterInputs = {
      ...HAND_PRICED.spark.subclusters[1]!,
      resourcePresetId: "b3-c1-m4",
    };
    expect(() => estimateMonthlyCost({ ...HAND_PRICED, spark: { subclusters: [half] } })).toThrow(
      "no preemptible price for 50% vCPU (b3-c1-m4)",
    );
  });

  it("closes the notes with the load balancer treatment and every used row priced from an older list", () => {
    expect(estimateMonthlyCost(HAND_PRICED).notes.slice(-2)).toEqual([
      "load balancer fee excluded: no figure in prices.md; each balancer is priced by its public IPv4 address only, the balancer's own fee is left out",
      "priced from pre-2026 list prices (no current figure found): disk.network-hdd, storage.standard, storage.cold, dataproc.vcpu.c100, dataproc.ram, dataproc.surcharge.vcpu.c100, dataproc.surcharge.ram, kafka.vcpu.c100, kafka.vcpu.c50, kafka.ram, kafka.disk.network-ssd, redis.vcpu.c100, redis.ram, redis.disk.network-ssd, airflow.vcpu.c100, airflow.ram, postgresql.vcpu.c100, postgresql.ram, postgresql.disk.network-ssd, k8s.master.regional, registry.storage",
    ]);
  });
});
