/** UTC calendar arithmetic on unix seconds; the spec's day boundaries are UTC midnights. */
export const SECONDS_PER_DAY = 86_400;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses `YYYY-MM-DD HH:MM:SS` (the dataset format, UTC) or ISO 8601 with an optional offset.
 * Fractional seconds are truncated: windows are defined on whole seconds. Returns null for anything
 * that is not a real calendar instant (e.g. 24:00:00 or 2019-02-30).
 */
export function parseDatetimeSeconds(text: string): number | null {
  const m = DATETIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  let offsetSeconds = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetSeconds = sign * (oh * 3600 + om * 60);
  }
  return ms / 1000 - offsetSeconds;
}

export function dayNumber(seconds: number): number {
  return Math.floor(seconds / SECONDS_PER_DAY);
}

/** 0 = Sunday ... 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
export function utcWeekday(seconds: number): number {
  return (((dayNumber(seconds) + 4) % 7) + 7) % 7;
}

export function utcHour(seconds: number): number {
  const inDay = ((seconds % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  return Math.floor(inDay / 3600);
}

export function dayNumberFromIso(day: string): number | null {
  const s = parseDatetimeSeconds(`${day} 00:00:00`);
  return s === null ? null : dayNumber(s);
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}
