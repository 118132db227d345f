/**
 * Whether a list of CIDR blocks reaches "the world", however it is written: 0.0.0.0/0, ::/0, a
 * host address with a short prefix (1.2.3.4/0), leading zeros, or several blocks whose union is
 * most of the address space (0.0.0.0/1 + 128.0.0.0/1). Host bits are masked, as the cloud does.
 * The repo's CIDR math (infra/network-math.ts) refuses such inputs by design, so this parser is
 * lenient on purpose.
 */
const V4 = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\s*\/\s*(\d{1,3})\s*$/;
const V6 = /^\s*([0-9a-fA-F:.]*:[0-9a-fA-F:.]*)\s*\/\s*(\d{1,3})\s*$/;

/** Share of the IPv4 space at or above which a rule counts as open to the world. */
export const WORLD_SHARE = 0.5;
/** IPv6 prefixes this short cover the global unicast space or more. */
const V6_WORLD_PREFIX = 3;

interface Interval {
  start: number;
  end: number;
}

function v4Interval(text: string): Interval | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  return { start, end: start + size };
}

/** Addresses of the IPv4 space the blocks cover together, counted once. */
export function v4Coverage(blocks: readonly string[]): number {
  const intervals = blocks
    .map(v4Interval)
    .filter((i): i is Interval => i !== undefined)
    .sort((a, b) => a.start - b.start);
  let covered = 0;
  let reach = -1;
  for (const { start, end } of intervals) {
    if (end <= reach) continue;
    covered += end - Math.max(start, reach);
    reach = end;
  }
  return covered;
}

/** The blocks that make the list world-reachable, for messages; empty when it is not. */
export function worldReach(blocks: readonly string[]): string[] {
  const v6 = blocks.filter((b) => {
    const m = V6.exec(b);
    return m !== null && Number(m[2]) <= V6_WORLD_PREFIX;
  });
  const v4 = blocks.filter((b) => v4Interval(b) !== undefined);
  const v4World = v4Coverage(v4) >= WORLD_SHARE * 2 ** 32 ? v4 : [];
  return [...v4World, ...v6];
}
