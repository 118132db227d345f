const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` of `startDate` plus `days` (UTC calendar). */
export function addDays(startDate: string, days: number): string {
  return new Date(Date.parse(`${startDate}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
let clockTable: string[] | undefined;

/** `HH:MM:SS` for a second of the day (0 .. 86399); a lookup table, since every row needs one. */
export function clockTime(secondOfDay: number): string {
  clockTable ??= Array.from(
    { length: 86400 },
    (_, s) =>
      `${TWO_DIGITS[Math.floor(s / 3600)]}:${TWO_DIGITS[Math.floor(s / 60) % 60]}:${TWO_DIGITS[s % 60]}`,
  );
  const text = clockTable[secondOfDay];
  if (text === undefined) throw new RangeError(`second of day out of range: ${secondOfDay}`);
  return text;
}

/** Cents as a decimal amount with exactly two decimals (`5700` -> `57.00`, `-5` -> `-0.05`). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  const units = Math.floor(absolute / 100);
  const rest = absolute - units * 100;
  return `${sign}${units}.${rest < 10 ? "0" : ""}${rest}`;
}
