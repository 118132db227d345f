import fc from "fast-check";
import {
  dayNumberFromIso,
  dayNumber,
  parseDatetimeSeconds,
  utcHour,
  utcWeekday,
} from "../../src/features/time";

describe("parseDatetimeSeconds", () => {
  test.each([
    ["2019-09-21 13:45:00", Date.UTC(2019, 8, 21, 13, 45, 0) / 1000],
    ["2019-09-21T13:45:00Z", Date.UTC(2019, 8, 21, 13, 45, 0) / 1000],
    ["2019-09-21T13:45:00.999Z", Date.UTC(2019, 8, 21, 13, 45, 0) / 1000],
    ["2019-09-21T16:45:00+03:00", Date.UTC(2019, 8, 21, 13, 45, 0) / 1000],
    ["2020-02-29 00:00:00", Date.UTC(2020, 1, 29) / 1000],
    ["1970-01-01 00:00:00", 0],
  ])("%s -> %d", (text, expected) => {
    expect(parseDatetimeSeconds(text)).toBe(expected);
  });

  test.each([
    "2019-09-21 24:00:00",
    "2019-02-29 00:00:00",
    "2019-13-01 00:00:00",
    "2019-09-31 00:00:00",
    "2019-09-21 13:60:00",
    "2019-09-21",
    "21/09/2019 13:45:00",
    "",
    "2019-09-21 13:45:00 ",
    "2019-09-21T13:45:00+24:00",
    "2019-09-21T13:45:00+05:60",
    "1900-02-29 00:00:00", // divisible by 100, not by 400
    "2019-09-21 13:45:00X", // the canonical length plus one, not a Z
    "2019-09-21 13:45:0",
  ])("rejects %j", (text) => {
    expect(parseDatetimeSeconds(text)).toBeNull();
  });

  test.each([
    ["2000-02-29 00:00:00", Date.UTC(2000, 1, 29) / 1000], // divisible by 400
    ["2019-09-21T13:45:00+23:59", Date.UTC(2019, 8, 20, 13, 46, 0) / 1000],
    ["2019-09-21T13:45:00-00:59", Date.UTC(2019, 8, 21, 14, 44, 0) / 1000],
    ["2019-09-21T13:45:00.5+00:00", Date.UTC(2019, 8, 21, 13, 45, 0) / 1000],
    ["2019-12-31 23:59:59", Date.UTC(2019, 11, 31, 23, 59, 59) / 1000],
  ])("accepts the bounds: %s -> %d", (text, expected) => {
    expect(parseDatetimeSeconds(text)).toBe(expected);
  });

  const canonical = "2019-09-21 13:45:00";
  const digitPositions = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
  // Just outside '0'..'9' on both sides, letters, and the format's own punctuation.
  const notDigits = ["/", ":", "a", "Z", " ", "-", "T"];
  test.each(digitPositions.flatMap((at) => notDigits.map((c) => [at, c] as const)))(
    "rejects a non-digit at digit position %d (%j)",
    (at, c) => {
      expect(parseDatetimeSeconds(canonical.slice(0, at) + c + canonical.slice(at + 1))).toBeNull();
    },
  );
  test.each([
    [4, "/"],
    [7, "/"],
    [10, "_"],
    [10, "t"],
    [13, "."],
    [16, "."],
  ])("rejects a wrong separator at position %d (%j)", (at, c) => {
    expect(parseDatetimeSeconds(canonical.slice(0, at) + c + canonical.slice(at + 1))).toBeNull();
  });
});

describe("parseDatetimeSeconds on generated date-times", () => {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");

  test("equals Date.UTC for real instants and null otherwise, in every accepted shape", () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 1, max: 9999 }),
          month: fc.integer({ min: 0, max: 13 }),
          day: fc.integer({ min: 0, max: 32 }),
          hour: fc.integer({ min: 0, max: 24 }),
          minute: fc.integer({ min: 0, max: 60 }),
          second: fc.integer({ min: 0, max: 60 }),
          shape: fc.constantFrom(" |", "T|", "T|Z", "T|.5Z", " |+00:00", "T|-01:30"),
        }),
        ({ year, month, day, hour, minute, second, shape }) => {
          const [separator, suffix] = shape.split("|") as [string, string];
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}${separator}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${suffix}`;
          const instant = new Date(0);
          instant.setUTCFullYear(year, month - 1, day);
          instant.setUTCHours(hour, minute, second, 0);
          const real =
            month >= 1 &&
            month <= 12 &&
            instant.getUTCDate() === day &&
            instant.getUTCMonth() === month - 1 &&
            hour < 24 &&
            minute < 60 &&
            second < 60;
          const offset = suffix === "-01:30" ? 5400 : 0;
          expect(parseDatetimeSeconds(text)).toBe(real ? instant.getTime() / 1000 + offset : null);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe("calendar helpers", () => {
  test("weekday, hour and day number in UTC", () => {
    const sat = parseDatetimeSeconds("2019-09-21 23:59:59")!;
    expect(utcWeekday(sat)).toBe(6);
    expect(utcHour(sat)).toBe(23);
    expect(utcWeekday(sat + 1)).toBe(0);
    expect(utcWeekday(parseDatetimeSeconds("2019-09-23 00:00:00")!)).toBe(1);
    expect(dayNumber(sat)).toBe(dayNumberFromIso("2019-09-21"));
    expect(dayNumber(sat + 1)).toBe(dayNumberFromIso("2019-09-22"));
  });
});
