import type { ConsumedPosition } from "../kafka-wire/transactional-producer";
import type { OutboundRecord } from "./transport";

export type { ConsumedPosition };

/**
 * The producer side of the stream transport: each `commitBatch` produces the records and commits the
 * consumed positions (one group, any partitions) in one Kafka transaction, or aborts it and throws.
 * A producer that threw is not used again; the transport replaces it (same transactional.id, which
 * fences it).
 */
export interface BatchProducer {
  connect(): Promise<void>;
  commitBatch(records: readonly OutboundRecord[], positions: readonly ConsumedPosition[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Which implementation: kafkajs's transactional producer or our own wire protocol one. */
export type ProducerKind = "kafkajs" | "wire";
