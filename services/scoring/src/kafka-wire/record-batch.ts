import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { crc32c } from "./crc32c";
import { type BufferWriter, writeUnsignedVarint, zigzagVarintSize } from "./buffer-writer";

export type Compression = "gzip" | "none";

/** A keyed record with string key and value (the fast path: no headers). */
export interface WireMessage {
  readonly key: string;
  readonly value: string;
}

/**
 * Any record: Buffer or string key and value, null key or value, optional headers (DLQ records carry the
 * original bytes and headers). String key and value without headers take the `writeRecords` fast path.
 */
export interface ProducerRecord {
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, Buffer | string>>;
}

/** The idempotent/transactional producer fields of a batch header. */
export interface BatchProducer {
  /** A safe integer. */
  readonly producerId: number;
  readonly producerEpoch: number;
  /** Sequence of the batch's first record in its partition. */
  readonly baseSequence: number;
  readonly transactional: boolean;
}

const NO_PRODUCER: BatchProducer = {
  producerId: -1,
  producerEpoch: -1,
  baseSequence: -1,
  transactional: false,
};
const TRANSACTIONAL_ATTRIBUTE = 0x10;
const ATTRIBUTES: Record<Compression, number> = { none: 0, gzip: 1 };
const MAGIC = 2;
/** baseOffset .. recordCount: everything before the records section of a RecordBatch v2. */
export const BATCH_HEADER_BYTES = 61;
const LENGTH_OFFSET = 8;
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;

const gzipAsync = promisify(gzip);

/** gzip on libuv's threadpool, so compression runs beside the event loop (on the second core). */
export function gzipRecords(records: Uint8Array, level: number): Promise<Buffer> {
  return gzipAsync(records, { level });
}

/**
 * Appends the records of `messages[order[from]]` .. `messages[order[to - 1]]` (Record v2: no headers,
 * timestampDelta 0, offsetDelta = position in the batch) straight into the writer's buffer, stopping once
 * `maxBytes` are written; returns the index after the last record written. Keys and values are written
 * assuming ASCII (UTF-8 length = string length) and re-encoded only when that was wrong.
 */
export function writeRecords(
  writer: BufferWriter,
  messages: readonly WireMessage[],
  order: Int32Array,
  from: number,
  to: number,
  maxBytes: number,
): number {
  const limit = writer.position + maxBytes;
  for (let n = from; n < to; n++) {
    if (writer.position >= limit) return n;
    const { key, value } = messages[order[n]!]!;
    writeStringRecord(writer, n - from, key, value);
  }
  return to;
}

/**
 * A record with string key and value and no headers, written assuming ASCII (UTF-8 length = string
 * length) and re-encoded with measured lengths only when that was wrong.
 */
function writeStringRecord(writer: BufferWriter, offsetDelta: number, key: string, value: string): void {
  writer.ensure(3 * (key.length + value.length) + 24);
  const start = writer.position;
  const end = writeRecord(writer.buffer, start, offsetDelta, key, key.length, value, value.length);
  writer.position =
    end >= 0
      ? end
      : writeRecord(
          writer.buffer,
          start,
          offsetDelta,
          key,
          Buffer.byteLength(key),
          value,
          Buffer.byteLength(value),
        );
}

/**
 * Like `writeRecords` for `ProducerRecord`s: string key and value without headers take the same fast path,
 * anything else (bytes, nulls, headers) is written with measured lengths.
 */
export function writeProducerRecords(
  writer: BufferWriter,
  records: readonly ProducerRecord[],
  order: Int32Array,
  from: number,
  to: number,
  maxBytes: number,
): number {
  const limit = writer.position + maxBytes;
  for (let n = from; n < to; n++) {
    if (writer.position >= limit) return n;
    const { key, value, headers } = records[order[n]!]!;
    if (typeof key === "string" && typeof value === "string" && headers === undefined) {
      writeStringRecord(writer, n - from, key, value);
    } else {
      writeGeneralRecord(writer, n - from, key, value, headers);
    }
  }
  return to;
}

const byteLength = (field: Buffer | string | null): number =>
  field === null ? -1 : typeof field === "string" ? Buffer.byteLength(field) : field.length;

/** A varint length (-1 for null) and the bytes: the key, value and header fields of Record v2. */
function fieldSize(length: number): number {
  return zigzagVarintSize(length) + Math.max(length, 0);
}

function writeField(writer: BufferWriter, field: Buffer | string | null, length: number): void {
  writer.varint(length);
  if (field === null) return;
  writer.ensure(length);
  if (typeof field === "string") writer.buffer.write(field, writer.position);
  else writer.buffer.set(field, writer.position);
  writer.position += length;
}

function writeGeneralRecord(
  writer: BufferWriter,
  offsetDelta: number,
  key: Buffer | string | null,
  value: Buffer | string | null,
  headers: Readonly<Record<string, Buffer | string>> | undefined,
): void {
  const keyBytes = byteLength(key);
  const valueBytes = byteLength(value);
  const entries = headers === undefined ? [] : Object.entries(headers);
  const headerBytes = entries.map(([name, field]) => [byteLength(name), byteLength(field)] as const);
  let bodyBytes =
    2 + // attributes int8, timestampDelta varlong 0
    zigzagVarintSize(offsetDelta) +
    fieldSize(keyBytes) +
    fieldSize(valueBytes) +
    zigzagVarintSize(entries.length);
  for (const [nameBytes, fieldBytes] of headerBytes)
    bodyBytes += fieldSize(nameBytes) + fieldSize(fieldBytes);
  writer.varint(bodyBytes);
  writer.int8(0);
  writer.varint(0);
  writer.varint(offsetDelta);
  writeField(writer, key, keyBytes);
  writeField(writer, value, valueBytes);
  writer.varint(entries.length);
  entries.forEach(([name, field], i) => {
    writeField(writer, name, headerBytes[i]![0]);
    writeField(writer, field, headerBytes[i]![1]);
  });
}

/**
 * Writes one record given the UTF-8 byte lengths of key and value; returns the offset after it, or -1 when
 * a given length turned out wrong (the caller retries with measured lengths).
 */
function writeRecord(
  buffer: Buffer,
  offset: number,
  offsetDelta: number,
  key: string,
  keyBytes: number,
  value: string,
  valueBytes: number,
): number {
  const bodyBytes =
    3 + // attributes int8, timestampDelta varlong 0, headers count 0
    zigzagVarintSize(offsetDelta) +
    zigzagVarintSize(keyBytes) +
    keyBytes +
    zigzagVarintSize(valueBytes) +
    valueBytes;
  let at = writeUnsignedVarint(buffer, offset, bodyBytes << 1);
  buffer[at++] = 0;
  buffer[at++] = 0;
  at = writeUnsignedVarint(buffer, at, offsetDelta << 1);
  at = writeUnsignedVarint(buffer, at, keyBytes << 1);
  if (buffer.write(key, at) !== keyBytes) return -1;
  at += keyBytes;
  at = writeUnsignedVarint(buffer, at, valueBytes << 1);
  if (buffer.write(value, at) !== valueBytes) return -1;
  at += valueBytes;
  buffer[at++] = 0;
  return at;
}

/** Reserves the batch header; write the records section after it, then call `endBatch`. */
export function beginBatch(writer: BufferWriter): number {
  const start = writer.position;
  writer.ensure(BATCH_HEADER_BYTES);
  writer.position += BATCH_HEADER_BYTES;
  return start;
}

/**
 * Fills in the RecordBatch v2 header of the batch begun at `start`, CRC-32C included; `producer` marks it
 * idempotent (and transactional) when given.
 */
export function endBatch(
  writer: BufferWriter,
  start: number,
  recordCount: number,
  timestampMs: number,
  compression: Compression,
  producer: BatchProducer = NO_PRODUCER,
): void {
  const end = writer.position;
  writer.position = start;
  writer.int64(0); // baseOffset: the broker assigns offsets
  writer.int32(end - start - LENGTH_OFFSET - 4);
  writer.int32(-1); // partitionLeaderEpoch
  writer.int8(MAGIC);
  writer.int32(0); // crc, filled below
  writer.int16(ATTRIBUTES[compression] | (producer.transactional ? TRANSACTIONAL_ATTRIBUTE : 0));
  writer.int32(recordCount - 1); // lastOffsetDelta
  writer.int64(timestampMs); // baseTimestamp
  writer.int64(timestampMs); // maxTimestamp: every record has timestampDelta 0
  writer.int64(producer.producerId);
  writer.int16(producer.producerEpoch);
  writer.int32(producer.baseSequence);
  writer.int32(recordCount);
  writer.buffer.writeUInt32BE(crc32c(writer.buffer, start + ATTRIBUTES_OFFSET, end), start + CRC_OFFSET);
  writer.position = end;
}
