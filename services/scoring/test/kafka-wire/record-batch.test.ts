import { gunzipSync } from "node:zlib";
import { BufferWriter } from "../../src/kafka-wire/buffer-writer";
import { crc32c } from "../../src/kafka-wire/crc32c";
import {
  BATCH_HEADER_BYTES,
  beginBatch,
  endBatch,
  gzipRecords,
  writeRecords,
  type Compression,
} from "../../src/kafka-wire/record-batch";
import type { WireMessage as OutgoingMessage } from "../../src/kafka-wire/record-batch";
import { kafkajsDecodeBatch } from "./helpers/kafkajs-internals";

const messages: OutgoingMessage[] = [
  { key: "596", value: '{"transaction_id":1,"tx_amount":57.16}' },
  { key: "", value: "" },
  { key: "kunde-ü", value: "Zürich 💳 €" },
  { key: "12", value: "x".repeat(70) },
  { key: "4999", value: "y".repeat(9000) },
];
const identity = Int32Array.from(messages.keys());
const TIMESTAMP = 1_700_000_000_123;

async function encodeBatch(compression: Compression, order = identity): Promise<Buffer> {
  const records = new BufferWriter(16);
  writeRecords(records, messages, order, 0, order.length, Infinity);
  const section = records.copyFrom(0);
  const writer = new BufferWriter(16);
  writer.int32(7); // bytes before the batch must stay untouched
  const start = beginBatch(writer);
  writer.raw(compression === "gzip" ? await gzipRecords(section, 1) : section);
  endBatch(writer, start, order.length, TIMESTAMP, compression);
  return writer.copyFrom(0);
}

describe("RecordBatch v2 encoding", () => {
  it.each(["none", "gzip"] as const)(
    "kafkajs decodes our %s batch to the same records",
    async (compression) => {
      const encoded = await encodeBatch(compression);
      expect(encoded.readInt32BE(0)).toBe(7);
      const batch = await kafkajsDecodeBatch(encoded.subarray(4));
      expect(batch).toMatchObject({
        firstOffset: "0",
        firstTimestamp: String(TIMESTAMP),
        maxTimestamp: String(TIMESTAMP),
        lastOffsetDelta: messages.length - 1,
        producerId: "-1",
        producerEpoch: -1,
        firstSequence: -1,
        partitionLeaderEpoch: -1,
        inTransaction: false,
        isControlBatch: false,
      });
      expect(
        batch.records.map((record) => ({
          key: record.key?.toString(),
          value: record.value?.toString(),
          offset: record.offset,
          timestamp: record.timestamp,
          headers: record.headers,
        })),
      ).toEqual(
        messages.map((message, index) => ({
          key: message.key,
          value: message.value,
          offset: String(index),
          timestamp: String(TIMESTAMP),
          headers: {},
        })),
      );
    },
  );

  it.each(["none", "gzip"] as const)(
    "%s header fields: length, magic, CRC-32C, attributes, count",
    async (compression) => {
      const batch = (await encodeBatch(compression)).subarray(4);
      expect(batch.readBigInt64BE(0)).toBe(0n);
      expect(batch.readInt32BE(8)).toBe(batch.length - 12);
      expect(batch.readInt8(16)).toBe(2);
      expect(batch.readUInt32BE(17)).toBe(crc32c(batch, 21, batch.length));
      expect(batch.readInt16BE(21)).toBe(compression === "gzip" ? 1 : 0);
      expect(batch.readInt32BE(57)).toBe(messages.length);
      const records = batch.subarray(BATCH_HEADER_BYTES);
      const plain = compression === "gzip" ? gunzipSync(records) : records;
      // First record: body 47 bytes (zigzag 94), attributes 0, timestampDelta 0, offsetDelta 0, key "596".
      expect([...plain.subarray(0, 8)]).toEqual([94, 0, 0, 0, 6, 0x35, 0x39, 0x36]);
    },
  );

  it("follows the given order, with offset deltas counting from the batch start", async () => {
    const batch = await kafkajsDecodeBatch(
      (await encodeBatch("none", Int32Array.from([4, 0, 2]))).subarray(4),
    );
    expect(batch.records.map((record) => [record.key?.toString(), record.offset])).toEqual([
      ["4999", "0"],
      ["596", "1"],
      ["kunde-ü", "2"],
    ]);
  });

  it("stops after the record that reaches the byte budget and reports where", () => {
    const writer = new BufferWriter(16);
    expect(writeRecords(writer, messages, identity, 0, 5, 1)).toBe(1);
    const first = writer.position;
    expect(writeRecords(writer, messages, identity, 1, 5, 60)).toBe(4);
    expect(writeRecords(writer, messages, identity, 4, 5, 1)).toBe(5);
    expect(writeRecords(writer, messages, identity, 5, 5, 1)).toBe(5);
    // length varint + attributes, timestamp, offset, key length + 3 key bytes, value length + 38 bytes, headers.
    expect(first).toBe(1 + 1 + 1 + 1 + 1 + 3 + 1 + 38 + 1);
  });
});
