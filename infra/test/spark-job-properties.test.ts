import { readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import {
  executorLayout,
  jobProperties,
  propertiesArguments,
  sparkJobProperties,
  type SubclusterSizes,
} from "../components/spark-jobs/job-properties";
import { configOf } from "./helpers";

const host = (vcpu: number, memoryGb: number) => ({ vcpu, memoryGb, coreFraction: 100 });
const sizes = (
  data: [number, number, number],
  compute: [number, number, number, number],
): SubclusterSizes => ({
  master: host(2, 8),
  data: { ...host(data[0], data[1]), hosts: data[2] },
  compute: { ...host(compute[0], compute[1]), minHosts: compute[2], maxHosts: compute[3] },
});

describe("executorLayout", () => {
  it.each([
    // data (vcpu, GB, hosts), compute (vcpu, GB, min, max) -> cores, container MiB, executors at rest / at max
    ["dev: s3-c4-m16 x1 + s3-c4-m16 1..2", sizes([4, 16, 1], [4, 16, 1, 2]), 4, 12697, 2, 3],
    ["prod: s3-c4-m16 x2 + s3-c8-m32 1..6", sizes([4, 16, 2], [8, 32, 1, 6]), 4, 12697, 4, 14],
    ["two-core workers", sizes([2, 8, 1], [2, 8, 0, 3]), 2, 5324, 1, 4],
    ["big compute, small data hosts", sizes([4, 16, 3], [16, 64, 2, 2]), 4, 12697, 11, 11],
  ])("%s", (_name, s, cores, containerMib, guaranteed, maximum) => {
    expect(executorLayout(s)).toMatchObject({ cores, containerMib, guaranteed, maximum, driverMib: 4096 });
  });

  it("refuses hosts too small for an executor", () => {
    expect(() => executorLayout(sizes([2, 2, 1], [2, 2, 1, 1]))).toThrow("worker hosts too small");
  });

  it("never plans more memory or cores than a host's YARN share", () => {
    const shape = fc.record({
      vcpu: fc.constantFrom(2, 4, 8, 12, 16),
      memoryGb: fc.constantFrom(8, 16, 32, 48, 64),
    });
    fc.assert(
      fc.property(shape, shape, fc.nat(3), fc.nat(4), fc.nat(6), (d, c, dataHosts, min, extra) => {
        const s = sizes([d.vcpu, d.memoryGb, dataHosts + 1], [c.vcpu, c.memoryGb, min, min + extra + 1]);
        const l = executorLayout(s);
        expect(l.heapMib + l.overheadMib + l.pysparkMib).toBe(l.containerMib);
        for (const h of [s.data, s.compute]) {
          const perHost = Math.min(
            Math.floor(h.vcpu / l.cores),
            Math.floor((h.memoryGb * 1024 * 0.9 - 2048) / l.containerMib),
          );
          expect(perHost * l.cores).toBeLessThanOrEqual(h.vcpu);
          expect(perHost * l.containerMib).toBeLessThanOrEqual(h.memoryGb * 1024 * 0.9 - 2048);
        }
        expect(l.guaranteed).toBeGreaterThanOrEqual(1);
        expect(l.guaranteed).toBeLessThanOrEqual(l.maximum);
      }),
    );
  });
});

describe("jobProperties", () => {
  it("gives training a fixed set of executors and one XGBoost worker per core, and ETL dynamic allocation", () => {
    const p = jobProperties(sizes([4, 16, 1], [4, 16, 1, 2]));
    expect(p.training).toMatchObject({
      "spark.dynamicAllocation.enabled": "false",
      "spark.executor.instances": "2",
      "spark.antifraud.train.workers": "8",
      "spark.sql.shuffle.partitions": "24",
    });
    expect(p.etl).toMatchObject({
      "spark.dynamicAllocation.enabled": "true",
      "spark.dynamicAllocation.minExecutors": "2",
      "spark.dynamicAllocation.maxExecutors": "3",
      "spark.sql.shuffle.partitions": "36",
    });
    expect(p.etl).not.toHaveProperty("spark.executor.instances");
    expect(p.training).not.toHaveProperty("spark.dynamicAllocation.maxExecutors");
    for (const profile of [p.etl, p.training])
      expect(profile).toMatchObject({
        "spark.executor.cores": "4",
        "spark.executor.memory": "8254m",
        "spark.executor.memoryOverhead": "1269m",
        "spark.executor.pyspark.memory": "3174m",
        "spark.driver.memory": "4096m",
        "spark.driver.maxResultSize": "256m",
      });
  });

  it("are what the README's create-pyspark example passes for the dev stack", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const block = readme.split("<!-- spark-job-properties: dev training -->")[1]?.split("```")[1] ?? "";
    const shown = block
      .split("\n")
      .map((l) => l.trim().replace(/\s*\\$/, ""))
      .filter((l) => l.startsWith("--properties "));
    const expected = propertiesArguments(sparkJobProperties(configOf("dev").spark).training);
    expect(shown).toEqual(expected);
  });
});
