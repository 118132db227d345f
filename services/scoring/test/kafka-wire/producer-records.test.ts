import fc from "fast-check";
import { BufferWriter } from "../../src/kafka-wire/buffer-writer";
import { crc32c } from "../../src/kafka-wire/crc32c";
import {
  beginBatch,
  endBatch,
  type ProducerRecord,
  writeProducerRecords,
  writeRecords,
} from "../../src/kafka-wire/record-batch";
import { kafkajsDecodeBatch } from "./helpers/kafkajs-internals";

const TIMESTAMP = 1_700_000_000_123;
const records: ProducerRecord[] = [
  { key: "596", value: '{"transaction_id":1}' },
  {
    key: Buffer.from([0, 255, 1]),
    value: Buffer.from("{not json"),
    headers: { "x-error-code": "INVALID_JSON" },
  },
  { key: null, value: "", headers: { trace: Buffer.from([1, 2, 3]), "x-source-offset": "17", empty: "" } },
  { key: "kunde-ü", value: null },
  { key: "12", value: "Zürich 💳 €", headers: {} },
  { key: null, value: Buffer.alloc(0) },
  { key: "x", value: "y".repeat(300), headers: { ["h".repeat(200)]: "ü".repeat(100) } },
];

function encode(
  list: readonly ProducerRecord[],
  producer?: Parameters<typeof endBatch>[5],
  order = Int32Array.from(list.keys()),
): Buffer {
  const writer = new BufferWriter(16);
  const start = beginBatch(writer);
  writeProducerRecords(writer, list, order, 0, order.length, Infinity);
  endBatch(writer, start, order.length, TIMESTAMP, "none", producer);
  return writer.copyFrom(0);
}

const asBuffer = (field: Buffer | string | null) =>
  field === null ? null : typeof field === "string" ? Buffer.from(field) : field;

describe("records with bytes, nulls and headers", () => {
  it("kafkajs decodes them to the same keys, values and headers", async () => {
    const batch = await kafkajsDecodeBatch(encode(records));
    expect(
      batch.records.map(({ key, value, headers, offset, timestamp }) => ({
        key,
        value,
        headers,
        offset,
        timestamp,
      })),
    ).toEqual(
      records.map((record, index) => ({
        key: asBuffer(record.key),
        value: asBuffer(record.value),
        headers: Object.fromEntries(
          Object.entries(record.headers ?? {}).map(([name, field]) => [name, asBuffer(field)]),
        ),
        offset: String(index),
        timestamp: String(TIMESTAMP),
      })),
    );
  });

  it("byte-exact: null key, one header (lengths as zigzag varints, null as -1)", () => {
    const writer = new BufferWriter(4);
    writeProducerRecords(
      writer,
      [{ key: null, value: "v", headers: { h: "w" } }],
      Int32Array.of(0),
      0,
      1,
      100,
    );
    // length 11 (22), attributes 0, timestampDelta 0, offsetDelta 0, key -1 (1), value 1 (2) "v",
    // 1 header (2): name 1 (2) "h", value 1 (2) "w".
    expect([...writer.copyFrom(0)]).toEqual([22, 0, 0, 0, 1, 2, 0x76, 2, 2, 0x68, 2, 0x77]);
  });

  it("string records without headers are the fast path's bytes exactly", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.string(), value: fc.string({ maxLength: 300 }) }), { maxLength: 20 }),
        (list) => {
          const order = Int32Array.from(list.keys());
          const fast = new BufferWriter(16);
          writeRecords(fast, list, order, 0, list.length, Infinity);
          const general = new BufferWriter(16);
          writeProducerRecords(general, list, order, 0, list.length, Infinity);
          expect(general.copyFrom(0).equals(fast.copyFrom(0))).toBe(true);
        },
      ),
    );
  });

  it("stops after the record that reaches the byte budget", () => {
    const writer = new BufferWriter(16);
    const order = Int32Array.from(records.keys());
    expect(writeProducerRecords(writer, records, order, 0, records.length, 1)).toBe(1);
    expect(writeProducerRecords(writer, records, order, 1, records.length, 20)).toBe(2);
  });
});

describe("transactional batch header", () => {
  it("carries producer id, epoch, base sequence and the transactional attribute; kafkajs agrees", async () => {
    const producer = { producerId: 2 ** 40 + 3, producerEpoch: 7, baseSequence: 1234, transactional: true };
    const encoded = encode(records.slice(0, 3), producer);
    expect(encoded.readInt16BE(21)).toBe(0x10);
    expect(encoded.readBigInt64BE(43)).toBe(2n ** 40n + 3n);
    expect(encoded.readInt16BE(51)).toBe(7);
    expect(encoded.readInt32BE(53)).toBe(1234);
    expect(encoded.readUInt32BE(17)).toBe(crc32c(encoded, 21, encoded.length));
    expect(await kafkajsDecodeBatch(encoded)).toMatchObject({
      producerId: String(2 ** 40 + 3),
      producerEpoch: 7,
      firstSequence: 1234,
      inTransaction: true,
      isControlBatch: false,
      lastOffsetDelta: 2,
    });
  });

  it("without a producer it stays a plain batch (-1 id, epoch and sequence, no transactional bit)", async () => {
    const encoded = encode(records.slice(0, 1));
    expect(encoded.readInt16BE(21)).toBe(0);
    expect(await kafkajsDecodeBatch(encoded)).toMatchObject({
      producerId: "-1",
      producerEpoch: -1,
      firstSequence: -1,
      inTransaction: false,
    });
  });
});
