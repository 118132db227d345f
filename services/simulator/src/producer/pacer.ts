/**
 * When the next batch may go out so that the average rate stays at `ratePerSecond` since the start
 * (catching up after a stall instead of drifting). Unlimited rate: always now.
 */
export function sendTimeMs(startedAtMs: number, alreadySent: number, ratePerSecond: number | "max"): number {
  if (ratePerSecond === "max") return startedAtMs;
  return startedAtMs + (alreadySent / ratePerSecond) * 1000;
}
