import { encodeMsgpackArray } from "../../src/store/msgpack-array";

const hex = (items: (string | number)[]) => encodeMsgpackArray(items).toString("hex");

describe("encodeMsgpackArray", () => {
  test.each([
    [[], "90"],
    [["a"], "91a161"],
    [[""], "91a0"],
    [[1], "91cb3ff0000000000000"],
    [[-0.5, "é"], "92cbbfe0000000000000a2c3a9"],
    [["x".repeat(31)], `91bf${"78".repeat(31)}`],
    [["x".repeat(32)], `91d920${"78".repeat(32)}`],
    [["x".repeat(256)], `91da0100${"78".repeat(256)}`],
  ])("%j -> %s", (items, expected) => {
    expect(hex(items)).toBe(expected);
  });

  test("array headers grow with the length: fixarray, array16, array32", () => {
    expect(hex(new Array<number>(15).fill(0)).slice(0, 2)).toBe("9f");
    expect(hex(new Array<number>(16).fill(0)).slice(0, 6)).toBe("dc0010");
    expect(hex(new Array<number>(65_536).fill(0)).slice(0, 10)).toBe("dd00010000");
  });

  test("a 70 KiB string gets a str32 header", () => {
    const encoded = encodeMsgpackArray(["y".repeat(70_000)]);
    expect(encoded.subarray(0, 6).toString("hex")).toBe("91db00011170");
    expect(encoded.length).toBe(6 + 70_000);
  });
});
