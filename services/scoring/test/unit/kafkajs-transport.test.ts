import { notYetCommitted } from "../../src/stream/kafkajs-transport";

const batch = ["98", "99", "100", "101"].map((offset) => ({ offset }));

describe("notYetCommitted", () => {
  test.each([
    [undefined, ["98", "99", "100", "101"]],
    [97n, ["98", "99", "100", "101"]],
    [100n, ["100", "101"]],
    [102n, []],
  ])("after committing up to %p keeps %p", (next, kept) => {
    expect(notYetCommitted(batch, next).map((m) => m.offset)).toEqual(kept);
  });

  test("compares offsets as 64-bit integers, not as text", () => {
    const big = [{ offset: "9007199254740993" }, { offset: "10000000000000000000" }];
    expect(notYetCommitted(big, 9007199254740993n)).toEqual(big);
    expect(notYetCommitted(big, 9007199254740994n)).toEqual([big[1]]);
  });
});
