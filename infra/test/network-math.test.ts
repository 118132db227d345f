import fc from "fast-check";
import {
  blockSize,
  contains,
  formatCidr,
  overlaps,
  parseCidr,
  subnetsPerZone,
  tierSubnets,
} from "../network-math";

const ZONES = ["ru-central1-a", "ru-central1-b", "ru-central1-d"];

describe("parseCidr", () => {
  it.each([
    ["10.0.0.0/16", { base: 10 * 2 ** 24, prefixLength: 16 }],
    ["192.168.4.0/22", { base: 192 * 2 ** 24 + (168 << 16) + (4 << 8), prefixLength: 22 }],
    ["0.0.0.0/0", { base: 0, prefixLength: 0 }],
  ])("%s", (text, expected) => expect(parseCidr(text)).toEqual(expected));

  it.each([
    ["10.0.0.1/16", '"10.0.0.1/16" has host bits set; the block starts at 10.0.0.0/16'],
    ["10.0.0.0", '"10.0.0.0" is not an IPv4 CIDR like 10.0.0.0/16'],
    ["10.0.300.0/24", '"10.0.300.0/24" has an octet above 255'],
    ["10.0.0.0/33", '"10.0.0.0/33" has a prefix length above 32'],
  ])("rejects %s", (text, message) => expect(() => parseCidr(text)).toThrow(message));
});

describe("subnetsPerZone", () => {
  it("carves consecutive blocks in zone order", () => {
    expect(subnetsPerZone("10.20.0.0/16", ZONES, 20)).toEqual([
      { zone: "ru-central1-a", cidr: "10.20.0.0/20" },
      { zone: "ru-central1-b", cidr: "10.20.16.0/20" },
      { zone: "ru-central1-d", cidr: "10.20.32.0/20" },
    ]);
  });

  it.each([
    [["a", "b", "c"], 17, "10.0.0.0/16 holds 2 /17 subnets, 3 zones need one each"],
    [["a", "a"], 20, "zones must be distinct, got a, a"],
    [["a"], 15, "subnet prefix length 15 must be an integer between the VPC prefix (16) and 28"],
  ])("rejects %j with /%d", (zones, prefix, message) =>
    expect(() => subnetsPerZone("10.0.0.0/16", zones, prefix)).toThrow(message),
  );
});

describe("tierSubnets", () => {
  it("gives each zone a fixed slot so adding a zone never moves existing subnets", () => {
    const one = tierSubnets("10.20.0.0/16", ["k8s", "data"], ["ru-central1-a"], ZONES, 20);
    const three = tierSubnets("10.20.0.0/16", ["k8s", "data"], ZONES, ZONES, 20);
    expect(one).toEqual([
      { tier: "k8s", zone: "ru-central1-a", cidr: "10.20.0.0/20" },
      { tier: "data", zone: "ru-central1-a", cidr: "10.20.48.0/20" },
    ]);
    expect(three).toEqual(expect.arrayContaining(one));
    expect(three).toContainEqual({ tier: "data", zone: "ru-central1-d", cidr: "10.20.80.0/20" });
  });

  it("rejects zones outside the known list", () => {
    expect(() => tierSubnets("10.20.0.0/16", ["k8s"], ["ru-central1-c"], ZONES, 20)).toThrow(
      "unknown zone(s) ru-central1-c",
    );
  });

  it("always returns aligned, non-overlapping subnets inside the VPC", () => {
    const arbitrary = fc
      .record({
        octet: fc.integer({ min: 0, max: 255 }),
        vpcPrefix: fc.integer({ min: 8, max: 20 }),
        extra: fc.integer({ min: 2, max: 8 }),
        tiers: fc.integer({ min: 1, max: 3 }),
        zones: fc.subarray(ZONES, { minLength: 1 }),
      })
      .filter(({ vpcPrefix, extra }) => vpcPrefix + extra <= 28);
    fc.assert(
      fc.property(arbitrary, ({ octet, vpcPrefix, extra, tiers, zones }) => {
        const vpc = formatCidr(
          Math.floor((octet * 2 ** 24) / blockSize(vpcPrefix)) * blockSize(vpcPrefix),
          vpcPrefix,
        );
        const tierNames = ["k8s", "data", "spark"].slice(0, tiers);
        const prefix = vpcPrefix + extra;
        fc.pre(2 ** extra >= tiers * ZONES.length);
        const subnets = tierSubnets(vpc, tierNames, zones, ZONES, prefix);
        expect(subnets).toHaveLength(tiers * zones.length);
        const parsed = subnets.map((s) => parseCidr(s.cidr));
        parsed.forEach((p, i) => {
          expect(contains(parseCidr(vpc), p)).toBe(true);
          expect(p.prefixLength).toBe(prefix);
          parsed.slice(i + 1).forEach((q) => expect(overlaps(p, q)).toBe(false));
        });
      }),
    );
  });
});

describe("contains and overlaps", () => {
  it.each([
    ["10.0.0.0/16", "10.0.4.0/24", true, true],
    ["10.0.4.0/24", "10.0.0.0/16", false, true],
    ["10.0.0.0/16", "10.1.0.0/16", false, false],
    ["10.0.0.0/24", "10.0.0.0/24", true, true],
    ["10.0.0.0/25", "10.0.0.128/25", false, false],
    ["0.0.0.0/0", "255.255.255.255/32", true, true],
    ["255.255.255.255/32", "0.0.0.0/0", false, true],
  ])("%s and %s: contains %s, overlaps %s", (outer, inner, contained, overlapping) => {
    expect(contains(parseCidr(outer), parseCidr(inner))).toBe(contained);
    expect(overlaps(parseCidr(outer), parseCidr(inner))).toBe(overlapping);
    expect(overlaps(parseCidr(inner), parseCidr(outer))).toBe(overlapping);
  });

  it("formats what it parses", () => {
    for (const text of ["0.0.0.0/0", "10.20.48.0/20", "192.168.255.252/30", "255.255.255.255/32"]) {
      const { base, prefixLength } = parseCidr(text);
      expect(formatCidr(base, prefixLength)).toBe(text);
    }
  });
});
