import fc from "fast-check";
import { crc32c } from "../../src/kafka-wire/crc32c";
import { kafkajsCrc32c } from "./helpers/kafkajs-internals";

/** Bit-by-bit CRC-32C, the definition the table-driven version must match. */
function crc32cBitwise(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe("crc32c", () => {
  it.each([
    ["123456789", Buffer.from("123456789"), 0xe3069283],
    ["empty", Buffer.alloc(0), 0],
    ["32 zero bytes (RFC 3720)", Buffer.alloc(32, 0), 0x8a9136aa],
    ["32 0xff bytes (RFC 3720)", Buffer.alloc(32, 0xff), 0x62a8ab43],
    ["bytes 0..31 (RFC 3720)", Buffer.from(Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e],
    ["bytes 31..0 (RFC 3720)", Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c],
  ])("%s", (_name, data, expected) => {
    expect(crc32c(data)).toBe(expected);
  });

  it("matches the bitwise definition and kafkajs on any bytes and any sub-range", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), fc.nat(), (data, a, b) => {
        const start = data.length === 0 ? 0 : a % (data.length + 1);
        const end = start + (b % (data.length - start + 1));
        const slice = data.subarray(start, end);
        expect(crc32c(data, start, end)).toBe(crc32cBitwise(slice));
        expect(crc32c(data, start, end)).toBe(kafkajsCrc32c(Buffer.from(slice)));
      }),
      { numRuns: 500 },
    );
  });
});
