import fc from "fast-check";
import { BufferWriter, writeUnsignedVarint, zigzagVarintSize } from "../../src/kafka-wire/buffer-writer";
import { kafkajsDecoder } from "./helpers/kafkajs-internals";

function varintBytes(value: number): number[] {
  const writer = new BufferWriter(4);
  writer.varint(value);
  return [...writer.buffer.subarray(0, writer.position)];
}

function varlongBytes(value: number): number[] {
  const writer = new BufferWriter(4);
  writer.varlong(value);
  return [...writer.buffer.subarray(0, writer.position)];
}

describe("zigzag varints", () => {
  it.each([
    [0, [0x00]],
    [-1, [0x01]],
    [1, [0x02]],
    [-2, [0x03]],
    [63, [0x7e]],
    [-64, [0x7f]],
    [64, [0x80, 0x01]],
    [150, [0xac, 0x02]],
    [2147483647, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
    [-2147483648, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])("varint %d", (value, bytes) => {
    expect(varintBytes(value)).toEqual(bytes);
    expect(zigzagVarintSize(value)).toBe(bytes.length);
  });

  it.each([
    [0, [0x00]],
    [-1, [0x01]],
    [1_700_000_000_000, [0x80, 0xa0, 0xab, 0xfe, 0xf9, 0x62]],
    [-(2 ** 40), [0xff, 0xff, 0xff, 0xff, 0xff, 0x3f]],
  ])("varlong %d", (value, bytes) => {
    expect(varlongBytes(value)).toEqual(bytes);
  });

  it("writes the unsigned base-128 form of 300 as AC 02", () => {
    const buffer = Buffer.alloc(4);
    expect(writeUnsignedVarint(buffer, 1, 300)).toBe(3);
    expect([...buffer]).toEqual([0, 0xac, 0x02, 0]);
  });

  it("round-trips through kafkajs's decoder for any int32 and safe integer", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), (int, long) => {
        const writer = new BufferWriter(2);
        writer.varint(int);
        writer.varlong(long);
        const decoder = kafkajsDecoder(writer.buffer.subarray(0, writer.position));
        expect(decoder.readVarInt()).toBe(int);
        expect(decoder.readVarLong().toString()).toBe(String(long));
        expect(zigzagVarintSize(int)).toBe(varintBytes(int).length);
      }),
      { numRuns: 500 },
    );
  });

  it("int64 writes the two's complement halves, -1 included", () => {
    const writer = new BufferWriter(2);
    writer.int64(-1);
    writer.int64(1_700_000_000_123);
    expect(writer.buffer.readBigInt64BE(0)).toBe(-1n);
    expect(writer.buffer.readBigInt64BE(8)).toBe(1_700_000_000_123n);
    expect(writer.position).toBe(16);
  });
});
