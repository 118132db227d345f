import type { BufferReader } from "./buffer-reader";
import type { BufferWriter } from "./buffer-writer";
import { decodeTopicPartitionErrors } from "./add-partitions-to-txn";
import type { PartitionResult } from "./produce-request";
import type { ProducerIdentity } from "./producer-identity";

export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  /** The offset of the next record to consume, as a decimal string (offsets are int64). */
  readonly offset: string;
}

/**
 * TxnOffsetCommit v1 request: transactional_id, group_id, producer_id, producer_epoch,
 * topics [name, [partition, committed_offset int64, committed_metadata null]].
 */
export function encodeTxnOffsetCommitRequest(
  writer: BufferWriter,
  identity: ProducerIdentity,
  groupId: string,
  offsets: readonly OffsetToCommit[],
): void {
  writer.string(identity.transactionalId);
  writer.string(groupId);
  writer.int64(identity.producerId);
  writer.int16(identity.producerEpoch);
  const byTopic = new Map<string, OffsetToCommit[]>();
  for (const offset of offsets) {
    const list = byTopic.get(offset.topic);
    if (list === undefined) byTopic.set(offset.topic, [offset]);
    else list.push(offset);
  }
  writer.int32(byTopic.size);
  for (const [topic, partitions] of byTopic) {
    writer.string(topic);
    writer.int32(partitions.length);
    for (const { partition, offset } of partitions) {
      writer.int32(partition);
      writer.ensure(8);
      writer.buffer.writeBigInt64BE(BigInt(offset), writer.position);
      writer.position += 8;
      writer.string(null);
    }
  }
}

/** TxnOffsetCommit v1 response: throttle_time_ms, topics [name, [partition, error_code]]. */
export function decodeTxnOffsetCommitResponse(reader: BufferReader): PartitionResult[] {
  reader.int32(); // throttle_time_ms
  return decodeTopicPartitionErrors(reader);
}
