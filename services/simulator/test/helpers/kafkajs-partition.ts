import { Partitioners } from "kafkajs";

/** The partition kafkajs's DefaultPartitioner picks for `key` among `partitions` partitions with leaders. */
export function kafkajsPartition(key: string, partitions: number): number {
  return Partitioners.DefaultPartitioner()({
    topic: "any",
    partitionMetadata: Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
      offlineReplicas: [],
    })),
    message: { key, value: "v" },
  });
}
