import type { BufferReader } from "./buffer-reader";
import type { BufferWriter } from "./buffer-writer";

export interface PartitionResult {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
}

/**
 * Produce v7 request, written in place: transactional_id null, acks, timeout_ms, one topic whose
 * partitions' record batches `writeBatch` appends (each as int32-length bytes).
 */
export function encodeProduceRequest(
  writer: BufferWriter,
  acks: number,
  timeoutMs: number,
  topic: string,
  partitions: readonly number[],
  writeBatch: (writer: BufferWriter, partition: number) => void,
): void {
  encodeTransactionalProduceRequest(writer, null, acks, timeoutMs, [{ topic, partitions }], (out, _, p) =>
    writeBatch(out, p),
  );
}

/** Produce v7 request for several topics, naming the transaction its batches belong to (null: none). */
export function encodeTransactionalProduceRequest(
  writer: BufferWriter,
  transactionalId: string | null,
  acks: number,
  timeoutMs: number,
  topics: readonly { readonly topic: string; readonly partitions: readonly number[] }[],
  writeBatch: (writer: BufferWriter, topic: string, partition: number) => void,
): void {
  writer.string(transactionalId);
  writer.int16(acks);
  writer.int32(timeoutMs);
  writer.int32(topics.length);
  for (const { topic, partitions } of topics) {
    writer.string(topic);
    writer.int32(partitions.length);
    for (const partition of partitions) {
      writer.int32(partition);
      const lengthAt = writer.position;
      writer.int32(0);
      writeBatch(writer, topic, partition);
      writer.buffer.writeInt32BE(writer.position - lengthAt - 4, lengthAt);
    }
  }
}

/** Produce v7 response: one result per partition (throttle_time_ms is ignored). */
export function decodeProduceResponse(reader: BufferReader): PartitionResult[] {
  const results: PartitionResult[] = [];
  reader.array((topicReader) => {
    const topic = topicReader.string();
    topicReader.array((item) => {
      results.push({ topic, partition: item.int32(), errorCode: item.int16() });
      item.int64(); // base_offset
      item.int64(); // log_append_time_ms
      item.int64(); // log_start_offset
    });
  });
  return results;
}
