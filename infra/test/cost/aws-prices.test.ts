import { INSTANCE_TYPES } from "../../aws/sizes";
import { AWS_REGIONS } from "../../config/schema";
import {
  AWS_PRICE_TABLE,
  AWS_PRICED_REGIONS,
  findAwsPrice,
  MissingAwsPriceError,
  type AwsPriceRow,
  type AwsRegion,
} from "../../cost";

const rowsOf = (region: AwsRegion): readonly AwsPriceRow[] => AWS_PRICE_TABLE.regions[region].items;
const price = (region: AwsRegion, id: string): number =>
  findAwsPrice(AWS_PRICE_TABLE, region, id, "test").price;
const allRows = AWS_PRICED_REGIONS.flatMap((r) => rowsOf(r).map((p) => [r, p.id, p] as const));

describe("AWS price table", () => {
  it("is USD before tax at 730 h/month, dated, for exactly the regions the config accepts", () => {
    const t = AWS_PRICE_TABLE;
    expect([t.currency, t.taxIncluded, t.priceTableDate, t.hoursPerMonth]).toEqual([
      "USD",
      false,
      "2026-12-07",
      730,
    ]);
    expect(Object.keys(t.regions)).toEqual([...AWS_PRICED_REGIONS]);
    expect([...AWS_REGIONS]).toEqual([...AWS_PRICED_REGIONS]);
    expect(t.policy).toContain("730 h (AWS's own convention");
    expect(t.policy).toContain(
      "Multi-AZ (one standby) deployment costs 2 x the instance and 2 x the storage",
    );
    expect(t.verification).toContain("not re-read from this machine on 2026-12-07");
  });

  it("lists the same price ids in the same order in both regions, each once", () => {
    const [us, eu] = AWS_PRICED_REGIONS.map((r) => rowsOf(r).map((p) => p.id));
    expect(eu).toEqual(us);
    expect(new Set(us).size).toBe(us?.length);
    expect(us).toHaveLength(49);
  });

  it.each(
    (Object.entries(INSTANCE_TYPES) as [keyof typeof INSTANCE_TYPES, readonly { type: string }[]][]).flatMap(
      ([service, shapes]) => shapes.map((s) => [service, s.type] as const),
    ),
  )("prices the %s instance type %s in both regions", (service, type) => {
    const ids = {
      ec2: [`ec2.${type}`],
      emr: [`ec2.${type}`, `emr.${type}`],
      msk: [`msk.${type}`],
      elasticache: [`elasticache.valkey.${type}`],
      rds: [`rds.postgresql.${type}`],
    }[service];
    for (const region of AWS_PRICED_REGIONS) {
      for (const id of ids) expect(price(region, id)).toBeGreaterThan(0);
    }
  });

  it.each(allRows)(
    "%s %s has an item, unit, positive price, AWS pricing page, date and its check",
    (_r, _id, p) => {
      expect(p.item.length).toBeGreaterThan(5);
      expect(["hour", "GB-month", "month", "GB", "LCU-hour"]).toContain(p.unit);
      expect(Number.isFinite(p.price) && p.price > 0).toBe(true);
      expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/pricing\/(on-demand\/)?$/);
      expect(p.date).toBe("2026-12-07");
      // A checked figure names where it was seen; an unchecked one says how it was obtained.
      if (p.verified) expect(p.seenIn?.length).toBeGreaterThan(20);
      else expect(p.basis?.length).toBeGreaterThan(20);
    },
  );

  it("has an EMR fee for exactly the EMR instance types: none for the .large sizes EMR does not offer", () => {
    const emrTypes = INSTANCE_TYPES.emr.map((s) => `emr.${s.type}`);
    for (const region of AWS_PRICED_REGIONS) {
      expect(
        rowsOf(region)
          .filter((p) => p.id.startsWith("emr."))
          .map((p) => p.id),
      ).toEqual(emrTypes);
    }
    expect(INSTANCE_TYPES.emr.map((s) => s.type)).toEqual(
      INSTANCE_TYPES.ec2.map((s) => s.type).filter((t) => !/^[cmr]6i\.large$/.test(t)),
    );
  });

  it("derives the eu-central-1 EMR fees as 25% of the region's EC2 price, and says so", () => {
    const derived = rowsOf("eu-central-1").filter((p) => p.id.startsWith("emr."));
    expect(derived).toHaveLength(8);
    for (const p of derived) {
      expect(p.price).toBeCloseTo(price("eu-central-1", p.id.replace("emr.", "ec2.")) * 0.25, 10);
      expect([p.verified, p.basis?.startsWith("derived: 25%")]).toEqual([false, true]);
    }
  });

  it("keeps the us-east-1 figures its seenIn copies show", () => {
    const h = AWS_PRICE_TABLE.hoursPerMonth;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    // infracost golden outputs: NAT 730 h = $32.85, EKS $73.00, NLB $16.43, MSK 48 x m5.large = $10.08/h
    expect(r2(h * price("us-east-1", "vpc.nat-gateway"))).toBe(32.85);
    expect(r2(h * price("us-east-1", "eks.cluster"))).toBe(73);
    expect(r2(h * price("us-east-1", "elb.network"))).toBe(16.43);
    expect(r2(48 * price("us-east-1", "msk.kafka.m5.large"))).toBe(10.08);
    expect(r2(400 * price("us-east-1", "rds.storage.gp3"))).toBe(46);
    expect(r2(h * price("us-east-1", "elb.network.nlcu"))).toBe(4.38);
  });

  it("names a missing price, its region and the file to add it to", () => {
    expect(() => findAwsPrice(AWS_PRICE_TABLE, "eu-central-1", "ec2.m9.large", "EC2 type")).toThrow(
      MissingAwsPriceError,
    );
    expect(() => findAwsPrice(AWS_PRICE_TABLE, "eu-central-1", "ec2.m9.large", "EC2 type")).toThrow(
      "no price 'ec2.m9.large' for eu-central-1 in the AWS price table (EC2 type); " +
        "add a sourced row to infra/cost/aws-price-table.json",
    );
  });
});
