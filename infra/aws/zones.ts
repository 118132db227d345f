/**
 * Zone slots on AWS (pure). The config lists Yandex zones; each one's slot (a, b, d) names the region's
 * zone of the same slot (a, b, c), so one subnet layout serves both clouds. MSK, RDS subnet groups and the
 * EKS control plane need subnets in two zones at least: a one-zone stack gets the next slot's subnets for
 * those services too, while its node groups and Redis nodes stay in the configured zone.
 */
import { AWS_ZONE_SUFFIXES, YANDEX_ZONES } from "../config/schema";

export interface AwsZone {
  /** The Yandex zone of the same slot, which keys the subnet layout. */
  readonly slot: string;
  /** e.g. eu-central-1a. */
  readonly name: string;
}

const MIN_SERVICE_ZONES = 2;

export function awsZone(region: string, slot: string): AwsZone {
  const index = (YANDEX_ZONES as readonly string[]).indexOf(slot);
  if (index < 0) throw new Error(`unknown zone slot ${slot}; known: ${YANDEX_ZONES.join(", ")}`);
  return { slot, name: `${region}${AWS_ZONE_SUFFIXES[index]}` };
}

/** The configured zones, in order. */
export function configuredZones(region: string, zones: readonly string[]): AwsZone[] {
  return zones.map((slot) => awsZone(region, slot));
}

/** The configured zones, topped up with the next free slots to the two zones MSK, RDS and EKS require. */
export function serviceZones(region: string, zones: readonly string[]): AwsZone[] {
  const slots = [...zones];
  for (const slot of YANDEX_ZONES) {
    if (slots.length >= MIN_SERVICE_ZONES) break;
    if (!slots.includes(slot)) slots.push(slot);
  }
  return configuredZones(region, slots);
}
