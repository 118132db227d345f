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
    const message = messages[order[n]!]!;
    const { key, value } = message;
    writer.ensure(3 * (key.length + value.length) + 24);
    const start = writer.position;
    const end = writeRecord(writer.buffer, start, n - from, key, key.length, value, value.length);
    writer.position =
      end >= 0
        ? end
        : writeRecord(
            writer.buffer,
            start,
            n - from,
            key,
            Buffer.byteLength(key),
            value,
            Buffer.byteLength(value),
          );
  }
  return to;
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

/** Fills in the RecordBatch v2 header of the batch begun at `start`, CRC-32C included. */
export function endBatch(
  writer: BufferWriter,
  start: number,
  recordCount: number,
  timestampMs: number,
  compression: Compression,
): void {
  const end = writer.position;
  writer.position = start;
  writer.int64(0); // baseOffset: the broker assigns offsets
  writer.int32(end - start - LENGTH_OFFSET - 4);
  writer.int32(-1); // partitionLeaderEpoch
  writer.int8(MAGIC);
  writer.int32(0); // crc, filled below
  writer.int16(ATTRIBUTES[compression]);
  writer.int32(recordCount - 1); // lastOffsetDelta
  writer.int64(timestampMs); // baseTimestamp
  writer.int64(timestampMs); // maxTimestamp: every record has timestampDelta 0
  writer.int64(-1); // producerId: not idempotent
  writer.int16(-1); // producerEpoch
  writer.int32(-1); // baseSequence
  writer.int32(recordCount);
  writer.buffer.writeUInt32BE(crc32c(writer.buffer, start + ATTRIBUTES_OFFSET, end), start + CRC_OFFSET);
  writer.position = end;
}
