/** UTC calendar arithmetic on unix seconds; the spec's day boundaries are UTC midnights. */
export const SECONDS_PER_DAY = 86_400;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses `YYYY-MM-DD HH:MM:SS` (the dataset format, UTC) or ISO 8601 with an optional offset.
 * Fractional seconds are truncated: windows are defined on whole seconds. Returns null for anything
 * that is not a real calendar instant (e.g. 24:00:00 or 2019-02-30).
 */
export function parseDatetimeSeconds(text: string): number | null {
  const canonical = parseCanonical(text);
  return canonical === undefined ? parseGeneral(text) : canonical;
}

const ZERO = 48;
/** Positions of the digits in `YYYY-MM-DD HH:MM:SS`. */
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/**
 * The formats every producer of ours writes (`YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DDTHH:MM:SS[Z]`) read
 * digit by digit: the regex path cost several µs per stream message. undefined = not this shape
 * (the general parser decides); null = this shape but not a real instant.
 */
function parseCanonical(text: string): number | null | undefined {
  const length = text.length;
  if (length !== 19 && !(length === 20 && text.charCodeAt(19) === 90 /* Z */)) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined; // '-'
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined; // ':'
  const separator = text.charCodeAt(10);
  if (separator !== 32 && separator !== 84) return undefined; // ' ' or 'T'
  for (const i of DIGIT_POSITIONS) {
    const c = text.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return undefined;
  }
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

/** The number written by the two digits at `at` (already checked to be digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - ZERO) * 10 + text.charCodeAt(at + 1) - ZERO;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function parseGeneral(text: string): number | null {
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
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetSeconds = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetSeconds = sign * (oh * 3600 + om * 60);
  }
  return (
    daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetSeconds
  );
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
