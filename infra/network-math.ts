/**
 * IPv4 CIDR arithmetic for laying out one subnet per zone inside the VPC range. Pure functions.
 * Parsing, formatting and membership go through ipaddr.js; what is ours is the layout rule (fixed
 * slots per tier and zone).
 */
import ipaddr from "ipaddr.js";

export interface Cidr {
  /** First address of the block as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefixLength: number;
}

export interface ZoneSubnet {
  readonly zone: string;
  readonly cidr: string;
}

const CIDR_SHAPE = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

const toAddress = (address: number) =>
  ipaddr.IPv4.parse([24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join("."));
const toNumber = (address: ipaddr.IPv4) => address.toByteArray().reduce((acc, o) => acc * 256 + o, 0);

/**
 * Parses `a.b.c.d/n` (four decimal octets only: ipaddr.js alone would also take shorthand forms like
 * `10.1/16`); throws when malformed or when host bits are set (e.g. 10.0.0.1/16).
 */
export function parseCidr(text: string): Cidr {
  const match = CIDR_SHAPE.exec(text);
  if (!match) throw new Error(`"${text}" is not an IPv4 CIDR like 10.0.0.0/16`);
  if (!ipaddr.IPv4.isValidFourPartDecimal(match[1] as string))
    throw new Error(`"${text}" has an octet above 255`);
  if (Number(match[2]) > 32) throw new Error(`"${text}" has a prefix length above 32`);
  const [address, prefixLength] = ipaddr.IPv4.parseCIDR(text);
  const network = ipaddr.IPv4.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) {
    throw new Error(`"${text}" has host bits set; the block starts at ${network.toString()}/${prefixLength}`);
  }
  return { base: toNumber(address), prefixLength };
}

export function formatAddress(address: number): string {
  return toAddress(address).toString();
}

export function formatCidr(base: number, prefixLength: number): string {
  return `${formatAddress(base)}/${prefixLength}`;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefixLength >= outer.prefixLength &&
    toAddress(inner.base).match(toAddress(outer.base), outer.prefixLength)
  );
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/** How many blocks of `/subnetPrefixLength` fit into `vpcCidr`. */
export function subnetCapacity(vpcCidr: string, subnetPrefixLength: number): number {
  const vpc = parseCidr(vpcCidr);
  if (subnetPrefixLength < vpc.prefixLength) return 0;
  return 2 ** (subnetPrefixLength - vpc.prefixLength);
}

/**
 * One `/subnetPrefixLength` block per zone, carved in order from the start of `vpcCidr`, so adding
 * a zone at the end never moves the existing subnets.
 */
export function subnetsPerZone(
  vpcCidr: string,
  zones: readonly string[],
  subnetPrefixLength: number,
): ZoneSubnet[] {
  const vpc = parseCidr(vpcCidr);
  if (
    !Number.isInteger(subnetPrefixLength) ||
    subnetPrefixLength < vpc.prefixLength ||
    subnetPrefixLength > 28
  ) {
    throw new Error(
      `subnet prefix length ${subnetPrefixLength} must be an integer between the VPC prefix (${vpc.prefixLength}) and 28`,
    );
  }
  if (new Set(zones).size !== zones.length)
    throw new Error(`zones must be distinct, got ${zones.join(", ")}`);
  const capacity = subnetCapacity(vpcCidr, subnetPrefixLength);
  if (zones.length > capacity) {
    throw new Error(
      `${vpcCidr} holds ${capacity} /${subnetPrefixLength} subnets, ${zones.length} zones need one each`,
    );
  }
  const size = blockSize(subnetPrefixLength);
  return zones.map((zone, index) => ({
    zone,
    cidr: formatCidr(vpc.base + index * size, subnetPrefixLength),
  }));
}

export interface TierSubnet {
  readonly tier: string;
  readonly zone: string;
  readonly cidr: string;
}

/**
 * Subnet layout for several tiers (e.g. k8s, data, spark) across zones: every tier owns a run of
 * `allZones.length` blocks and each zone a fixed slot inside it, so enabling another zone later never
 * renumbers the existing subnets.
 */
export function tierSubnets(
  vpcCidr: string,
  tiers: readonly string[],
  zones: readonly string[],
  allZones: readonly string[],
  subnetPrefixLength: number,
): TierSubnet[] {
  const unknown = zones.filter((z) => !allZones.includes(z));
  if (unknown.length > 0)
    throw new Error(`unknown zone(s) ${unknown.join(", ")}; known: ${allZones.join(", ")}`);
  if (new Set(tiers).size !== tiers.length)
    throw new Error(`tiers must be distinct, got ${tiers.join(", ")}`);
  const slots = subnetsPerZone(
    vpcCidr,
    tiers.flatMap((tier) => allZones.map((zone) => `${tier}/${zone}`)),
    subnetPrefixLength,
  );
  return tiers.flatMap((tier, t) =>
    zones.map((zone) => ({
      tier,
      zone,
      cidr: (slots[t * allZones.length + allZones.indexOf(zone)] as ZoneSubnet).cidr,
    })),
  );
}
