import {
  airflowPresetShape,
  estimateMonthlyCost,
  formatCostEstimate,
  PRESETS,
  PRICE_TABLE,
  presetShape,
  UnknownPresetError,
} from "../../cost";
import { HAND_PRICED } from "./fixtures";

describe("price table", () => {
  it("is RUB incl. VAT with a table date and unique ids", () => {
    expect([PRICE_TABLE.currency, PRICE_TABLE.vatIncluded, PRICE_TABLE.priceTableDate]).toEqual([
      "RUB",
      true,
      "2026-09-30",
    ]);
    const ids = PRICE_TABLE.items.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(PRICE_TABLE.items.map((p) => [p.id, p] as const))(
    "%s has a price, unit, vintage, date and source",
    (_id, p) => {
      expect(p.price).toBeGreaterThan(0);
      expect(["vCPU-hour", "GB-hour", "GB-month", "hour"]).toContain(p.unit);
      expect(["A", "B", "C"]).toContain(p.vintage);
      expect(p.effectiveDate.length).toBeGreaterThan(0);
      expect(p.source).toMatch(/prices\.md/);
    },
  );

  it("copies stand-in rows exactly from the row they stand in for", () => {
    const standIns = PRICE_TABLE.items.filter((p) => p.standInFor);
    expect(standIns.map((p) => p.id).sort()).toEqual([
      "airflow.ram",
      "airflow.vcpu.c100",
      "postgresql.disk.local-ssd",
      "postgresql.disk.network-hdd",
      "postgresql.disk.network-ssd",
      "postgresql.disk.network-ssd-nonreplicated",
      "postgresql.ram",
      "postgresql.vcpu.c100",
      "postgresql.vcpu.c50",
      "redis.disk.local-ssd",
      "redis.disk.network-hdd",
      "redis.disk.network-ssd",
      "redis.ram",
      "redis.vcpu.c100",
      "redis.vcpu.c50",
    ]);
    for (const s of standIns) {
      const original = PRICE_TABLE.items.find((p) => p.id === s.standInFor);
      expect({ id: s.id, price: s.price, unit: s.unit }).toEqual({
        id: s.id,
        price: original?.price,
        unit: original?.unit,
      });
    }
  });

  it("keeps the prices.md figures it quotes", () => {
    const price = (id: string): number | undefined => PRICE_TABLE.items.find((p) => p.id === id)?.price;
    // prices.md s.1 derived example: 2 vCPU / 8 GB regular VM = 5.12 RUB/h
    expect(2 * price("compute.vcpu.c100")! + 8 * price("compute.ram")!).toBeCloseTo(5.12, 10);
    // prices.md s.4 derived: s3-c2-m8 Data Processing host ~ 4.82 RUB/h
    expect(2 * price("dataproc.vcpu.c100")! + 8 * price("dataproc.ram")!).toBeCloseTo(4.82, 10);
  });
});

describe("presets", () => {
  it("maps host classes to vCPU, share and RAM", () => {
    expect(presetShape("s3-c2-m8")).toEqual({ vcpu: 2, coreFraction: 100, memoryGb: 8 });
    expect(presetShape("b3-c1-m4")).toEqual({ vcpu: 2, coreFraction: 50, memoryGb: 4 });
    expect(presetShape("hm3-c2-m8")).toEqual({ vcpu: 2, coreFraction: 100, memoryGb: 8 });
  });

  it.each([
    ["c1-m4", { vcpu: 1, coreFraction: 100, memoryGb: 4 }],
    ["c2-m8", { vcpu: 2, coreFraction: 100, memoryGb: 8 }],
    ["c8-m32", { vcpu: 8, coreFraction: 100, memoryGb: 32 }],
    ["c16-m64", { vcpu: 16, coreFraction: 100, memoryGb: 64 }],
  ])("reads the Managed Airflow preset %s from its name", (id, shape) => {
    expect(airflowPresetShape(id)).toEqual(shape);
  });

  it.each(["s3-c2-m8", "c1", "c1-m4x"])("refuses %s as a Managed Airflow preset", (id) => {
    expect(() => airflowPresetShape(id)).toThrow(`unknown Managed Airflow preset '${id}'`);
  });

  it("agrees with the class name for the cN-mM families", () => {
    for (const [id, s] of Object.entries(PRESETS)) {
      const m = /^(?:s3|m3|c3|hm3)-c(\d+)-m(\d+)$/.exec(id);
      if (m)
        expect({ id, vcpu: s.vcpu, memoryGb: s.memoryGb }).toEqual({
          id,
          vcpu: Number(m[1]),
          memoryGb: Number(m[2]),
        });
    }
  });

  it("names an unknown preset, including names that collide with Object members", () => {
    expect(() => presetShape("s3-c3-m9")).toThrow(UnknownPresetError);
    expect(() => presetShape("s3-c3-m9")).toThrow("unknown resource preset 's3-c3-m9'");
    expect(() => presetShape("toString")).toThrow("unknown resource preset 'toString'");
  });
});

describe("formatCostEstimate", () => {
  const text = formatCostEstimate(estimateMonthlyCost(HAND_PRICED));
  const lines = text.split("\n");

  it("states currency, table date and hours in the title", () => {
    expect(lines[0]).toBe(
      "Monthly cost estimate, RUB incl. VAT; price table of 2026-09-30; 720 h/month; min/max = autoscaling bounds",
    );
  });

  it("pads the columns to their widest cell, numbers right-aligned", () => {
    expect(lines.slice(1, 4)).toEqual([
      "component          item                                                     quantity  unit       unit price  monthly min  monthly max",
      "-----------------  ------------------------------------------------  ---------------  ---------  ----------  -----------  -----------",
      "objectStorage      bucket raw (STANDARD)                                         100  GB-month        1.261       126.10       126.10",
    ]);
  });

  it("renders each line with quantity range, unit price and min/max", () => {
    const row = lines.find((l) => l.includes("nodes scoring vCPU"));
    expect(row?.split(/\s{2,}/)).toEqual([
      "kubernetes",
      "nodes scoring vCPU",
      "5,760..14,400",
      "vCPU-hour",
      "1.24",
      "7,142.40",
      "17,856.00",
    ]);
  });

  it("ends the table with component subtotals and the total, then the notes", () => {
    expect(lines.filter((l) => l.includes("subtotal"))).toHaveLength(9);
    const total = lines.find((l) => l.startsWith("TOTAL"));
    expect(total?.split(/\s+/)).toEqual(["TOTAL", "81,189.30", "120,569.00"]);
    expect(lines.indexOf("Notes:")).toBeGreaterThan(lines.indexOf(total!));
  });
});
