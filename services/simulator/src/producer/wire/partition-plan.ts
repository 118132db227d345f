import type { OutgoingMessage } from "../messages";
import { partitionForKey } from "@antifraud/scoring/src/kafka-wire";

/** Messages grouped by partition without per-message objects: `order` lists message indices partition by partition. */
export interface PartitionPlan {
  /** Message indices, grouped by partition, in send order within each partition. */
  readonly order: Int32Array;
  /** `order[starts[p]]` .. `order[starts[p + 1] - 1]` go to partition p. */
  readonly starts: Int32Array;
}

/** Assigns every message its keyed partition (murmur2, like Kafka's default partitioner) and groups them. */
export function planPartitions(messages: readonly OutgoingMessage[], partitionCount: number): PartitionPlan {
  const partitionOf = new Int32Array(messages.length);
  const starts = new Int32Array(partitionCount + 1);
  for (let i = 0; i < messages.length; i++) {
    const partition = partitionForKey(messages[i]!.key, partitionCount);
    partitionOf[i] = partition;
    starts[partition + 1] = starts[partition + 1]! + 1;
  }
  for (let p = 0; p < partitionCount; p++) starts[p + 1] = starts[p + 1]! + starts[p]!;
  const next = starts.slice(0, partitionCount);
  const order = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const partition = partitionOf[i]!;
    order[next[partition]!] = i;
    next[partition] = next[partition]! + 1;
  }
  return { order, starts };
}
