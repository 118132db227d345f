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
  writer.string(null);
  writer.int16(acks);
  writer.int32(timeoutMs);
  writer.int32(1);
  writer.string(topic);
  writer.int32(partitions.length);
  for (const partition of partitions) {
    writer.int32(partition);
    const lengthAt = writer.position;
    writer.int32(0);
    writeBatch(writer, partition);
    writer.buffer.writeInt32BE(writer.position - lengthAt - 4, lengthAt);
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
