import {
  dayNumber,
  isoFromDayNumber,
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
  ])("rejects %j", (text) => {
    expect(parseDatetimeSeconds(text)).toBeNull();
  });
});

describe("calendar helpers", () => {
  test("weekday, hour and day number in UTC", () => {
    const sat = parseDatetimeSeconds("2019-09-21 23:59:59")!;
    expect(utcWeekday(sat)).toBe(6);
    expect(utcHour(sat)).toBe(23);
    expect(utcWeekday(sat + 1)).toBe(0);
    expect(utcWeekday(parseDatetimeSeconds("2019-09-23 00:00:00")!)).toBe(1);
    expect(isoFromDayNumber(dayNumber(sat))).toBe("2019-09-21");
    expect(isoFromDayNumber(dayNumber(sat + 1))).toBe("2019-09-22");
  });
});
