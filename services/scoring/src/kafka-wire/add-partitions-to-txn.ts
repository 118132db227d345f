import type { BufferReader } from "./buffer-reader";
import type { BufferWriter } from "./buffer-writer";
import { type ProducerIdentity, writeProducerIdentity } from "./producer-identity";
import type { PartitionResult } from "./produce-request";

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** AddPartitionsToTxn v1 request: transactional_id, producer_id, producer_epoch, topics [name, [partition]]. */
export function encodeAddPartitionsToTxnRequest(
  writer: BufferWriter,
  identity: ProducerIdentity,
  topics: readonly TopicPartitions[],
): void {
  writeProducerIdentity(writer, identity);
  writer.int32(topics.length);
  for (const { topic, partitions } of topics) {
    writer.string(topic);
    writer.int32(partitions.length);
    for (const partition of partitions) writer.int32(partition);
  }
}

/** AddPartitionsToTxn v1 response: throttle_time_ms, results [name, [partition, error_code]]. */
export function decodeAddPartitionsToTxnResponse(reader: BufferReader): PartitionResult[] {
  reader.int32(); // throttle_time_ms
  return decodeTopicPartitionErrors(reader);
}

/** [name, [partition int32, error_code int16]], flattened: the result shape of several Txn APIs. */
export function decodeTopicPartitionErrors(reader: BufferReader): PartitionResult[] {
  const results: PartitionResult[] = [];
  reader.array((topicReader) => {
    const topic = topicReader.string();
    topicReader.array((item) => results.push({ topic, partition: item.int32(), errorCode: item.int16() }));
  });
  return results;
}
