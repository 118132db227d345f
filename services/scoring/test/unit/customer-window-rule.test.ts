import fc from "fast-check";
import {
  compareTransactionIds,
  ordersAfter,
  retainFrom,
  windowStats,
  type WindowColumns,
} from "../../src/store/customer-window-rule";

const DAY = 86_400;

/** Entries at (time, amount, id, batch, position), already in (time, id) order. */
function columns(entries: [number, number, string, number, number][]): WindowColumns {
  return {
    times: entries.map((e) => e[0]),
    amounts: entries.map((e) => e[1]),
    ids: entries.map((e) => e[2]),
    recordedByBatch: entries.map((e) => e[3]),
    recordedAtPosition: entries.map((e) => e[4]),
  };
}

const at = (time: number, transactionId: string | number, batch = 9, position = 0) => ({
  time,
  transactionId,
  batch,
  position,
});

describe("windowStats", () => {
  const history = columns([
    [0, 1, "1", 0, 0], // exactly one day before t = DAY: outside the 1-day window
    [10, 2, "2", 0, 0],
    [DAY, 4, "3", 0, 0],
    [DAY, 8, "5", 0, 0], // same second, higher id
    [DAY + 1, 16, "6", 0, 0], // after the event
  ]);

  it.each([
    ["(t - window, t]: the left bound is open", at(DAY, 3), [2, 3], [6, 7], [4, 4]],
    ["a same-second tie counts only up to the event's own id", at(DAY, 4), [2, 3], [6, 7], [4, 4]],
    ["the tie at a higher id is the event's own or earlier", at(DAY, 5), [3, 4], [14, 15], [8, 8]],
    ["ids compare as numbers", at(DAY, 10), [3, 4], [14, 15], [8, 8]],
    ["nothing after t", at(DAY + 1, 6), [4, 5], [30, 31], [16, 16]],
  ])("%s", (_case, event, counts, sums, maxes) => {
    expect(windowStats(history, 0, event, [DAY, 2 * DAY])).toEqual({ counts, sums, maxes });
  });

  it("a batch behaves as if recorded one by one: its own records from their position on", () => {
    const window = columns([
      [100, 1, "1", 0, 0],
      [200, 2, "2", 7, 3],
      [300, 4, "3", 7, 1],
      [400, 8, "4", 6, 5],
    ]);
    const stats = (position: number, batch = 7) =>
      windowStats(window, 0, at(500, 99, batch, position), [DAY]).sums[0];
    expect(stats(0)).toBe(1 + 8);
    expect(stats(1)).toBe(1 + 4 + 8);
    expect(stats(3)).toBe(1 + 2 + 4 + 8);
    // Another batch's records are all visible, whatever their positions.
    expect(stats(0, 8)).toBe(15);
  });

  it("starting from a later index gives the same stats when it is before the widest window", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 * DAY }), fc.integer({ min: 1, max: 100 })), {
          maxLength: 30,
        }),
        fc.integer({ min: 0, max: 10 * DAY }),
        (raw, t) => {
          const sorted = [...raw].sort((a, b) => a[0] - b[0]);
          const window = columns(sorted.map(([time, amount], i) => [time, amount, String(i), 0, 0]));
          const from = window.times.findIndex((time) => time > t - 3 * DAY);
          const full = windowStats(window, 0, at(t, "x"), [DAY, 3 * DAY]);
          expect(
            windowStats(window, from < 0 ? window.times.length : from, at(t, "x"), [DAY, 3 * DAY]),
          ).toEqual(full);
        },
      ),
    );
  });
});

describe("ordering and bounds", () => {
  it.each([
    ["2", "10", -8],
    ["10", "10", 0],
    ["a", "b", -1],
    ["b", "a", 1],
    ["10", "9a", -1],
  ])("compareTransactionIds(%s, %s) has the sign of %d", (a, b, sign) => {
    expect(Math.sign(compareTransactionIds(a, b))).toBe(Math.sign(sign));
  });

  it.each([
    [11, "1", 10, "5", true],
    [10, "6", 10, "5", true],
    [10, "5", 10, "5", false],
    [10, "4", 10, "5", false],
    [9, "9", 10, "5", false],
  ])("ordersAfter(%d, %s, %d, %s) is %s", (time, id, t, other, expected) => {
    expect(ordersAfter(time, id, t, other)).toBe(expected);
  });

  it("retains the widest window plus the lateness tolerated", () => {
    expect(retainFrom(10 * DAY, 7 * DAY, 3600)).toBe(3 * DAY - 3600);
  });
});
