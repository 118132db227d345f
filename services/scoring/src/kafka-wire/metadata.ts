import type { BufferReader } from "./buffer-reader";
import type { BufferWriter } from "./buffer-writer";

export interface BrokerAddress {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export interface PartitionMetadata {
  readonly errorCode: number;
  readonly partition: number;
  readonly leaderId: number;
}

export interface TopicMetadata {
  readonly errorCode: number;
  readonly name: string;
  readonly partitions: readonly PartitionMetadata[];
}

export interface MetadataResponse {
  readonly brokers: readonly BrokerAddress[];
  readonly topics: readonly TopicMetadata[];
}

/** Metadata v4 request: topics [name] (null = all), allow_auto_topic_creation. */
export function encodeMetadataRequest(
  writer: BufferWriter,
  topics: readonly string[],
  allowAutoTopicCreation: boolean,
): void {
  writer.int32(topics.length);
  for (const topic of topics) writer.string(topic);
  writer.bool(allowAutoTopicCreation);
}

/** Metadata v4 response. */
export function decodeMetadataResponse(reader: BufferReader): MetadataResponse {
  reader.int32(); // throttle_time_ms
  const brokers = reader.array((item) => {
    const broker = { nodeId: item.int32(), host: item.string(), port: item.int32() };
    item.nullableString(); // rack
    return broker;
  });
  reader.nullableString(); // cluster_id
  reader.int32(); // controller_id
  const topics = reader.array((topic) => {
    const errorCode = topic.int16();
    const name = topic.string();
    topic.bool(); // is_internal
    const partitions = topic.array((item) => {
      const partition = { errorCode: item.int16(), partition: item.int32(), leaderId: item.int32() };
      item.array((replica) => replica.int32()); // replica_nodes
      item.array((replica) => replica.int32()); // isr_nodes
      return partition;
    });
    return { errorCode, name, partitions };
  });
  return { brokers, topics };
}
