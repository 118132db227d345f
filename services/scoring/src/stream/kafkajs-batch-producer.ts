import { type Kafka, Partitioners, type Producer } from "kafkajs";
import { consumerGroupOf } from "../kafka-wire/transactional-producer";
import type { BatchProducer, ConsumedPosition } from "./batch-producer";
import type { OutboundRecord } from "./transport";

/** Brokers refuse record batches above message.max.bytes (1 MiB by default); stay well below. */
const MAX_REQUEST_BYTES = 512 * 1024;

/** kafkajs's idempotent transactional producer; sendBatch per size chunk, then sendOffsets and commit. */
export function kafkajsBatchProducer(kafka: Kafka, transactionalId: string): BatchProducer {
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    // Idempotence needs unbounded retries; an outage blocks the batch instead of failing it.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: 30_000,
  });
  return {
    connect: () => producer.connect(),
    commitBatch: (records, positions) => commitBatch(producer, records, positions),
    disconnect: () => producer.disconnect(),
  };
}

/** Produces `records` and commits `positions` in one transaction; aborts it on any error. */
async function commitBatch(
  producer: Producer,
  records: readonly OutboundRecord[],
  positions: readonly ConsumedPosition[],
): Promise<void> {
  const groupId = consumerGroupOf(positions);
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, nextOffset } of positions) {
    const list = byTopic.get(topic);
    if (list) list.push({ partition, offset: nextOffset });
    else byTopic.set(topic, [{ partition, offset: nextOffset }]);
  }
  const txn = await producer.transaction();
  try {
    for (const chunk of chunkBySize(records, MAX_REQUEST_BYTES)) {
      const byTopic = new Map<string, OutboundRecord[]>();
      for (const r of chunk) {
        const list = byTopic.get(r.topic);
        if (list) list.push(r);
        else byTopic.set(r.topic, [r]);
      }
      await txn.sendBatch({
        topicMessages: [...byTopic].map(([t, messages]) => ({
          topic: t,
          messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    }
    await txn.sendOffsets({
      consumerGroupId: groupId,
      topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    });
    await txn.commit();
  } catch (err) {
    // Best effort: if the abort fails too, the next producer's InitProducerId aborts the transaction.
    await txn.abort().catch(() => undefined);
    throw err;
  }
}

function recordSize(r: OutboundRecord): number {
  let size = 64 + (r.key?.length ?? 0) + r.value.length;
  for (const [k, v] of Object.entries(r.headers ?? {})) size += k.length + v.length;
  return size;
}

/** Splits records into consecutive chunks of at most `limit` estimated bytes (order kept). */
export function chunkBySize(records: readonly OutboundRecord[], limit: number): OutboundRecord[][] {
  const chunks: OutboundRecord[][] = [];
  let current: OutboundRecord[] = [];
  let size = 0;
  for (const r of records) {
    const s = recordSize(r);
    if (current.length > 0 && size + s > limit) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(r);
    size += s;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
