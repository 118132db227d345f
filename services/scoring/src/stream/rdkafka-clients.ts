import {
  KafkaConsumer,
  Producer,
  type LibrdKafkaError,
  type Message,
  type TopicPartition,
  type TopicPartitionOffset,
} from "@confluentinc/kafka-javascript";
import { librdkafkaConnectionConfig, type KafkaConnection } from "@antifraud/contracts";

/** What one consumer + transactional producer pair of the stream worker is configured with. */
export interface StreamClientSettings {
  connection: KafkaConnection;
  clientId: string;
  groupId: string;
  /**
   * Static membership (KIP-345): a restarted worker with the same id takes its partitions back at
   * once instead of waiting out the dead member's session; and every transactional offset commit
   * names the member, so a fenced worker's commit is refused. Stable per worker (the pod name).
   */
  groupInstanceId: string;
  /** Stable per worker too: a restarted worker's InitProducerId aborts its predecessor's open transaction. */
  transactionalId: string;
  inputTopic: string;
  sessionTimeoutMs: number;
  maxBytesPerPartition: number;
  transactionTimeoutMs: number;
}

type Rebalance = (consumer: KafkaConsumer, err: LibrdKafkaError, assignment: TopicPartition[]) => void;

/** librdkafka error codes the transport reacts to. */
export const RD_ERR = { assignPartitions: -175, revokePartitions: -174, queueFull: -184 } as const;

/**
 * read_committed consumer, no auto-commit (offsets go into the producer's transactions), the rebalance
 * handled by the caller so a revocation can first commit what was consumed. Offsets of a new
 * assignment are fetched as "stable" (KIP-447): while a transaction with offsets for the partition
 * is pending, the fetch waits for it instead of returning the older offset.
 */
export function createStreamConsumer(settings: StreamClientSettings, onRebalance: Rebalance): KafkaConsumer {
  const consumer: KafkaConsumer = new KafkaConsumer(
    {
      ...librdkafkaConnectionConfig(settings.connection),
      "client.id": settings.clientId,
      "group.id": settings.groupId,
      "group.instance.id": settings.groupInstanceId,
      "session.timeout.ms": settings.sessionTimeoutMs,
      "heartbeat.interval.ms": Math.max(500, Math.floor(settings.sessionTimeoutMs / 5)),
      "isolation.level": "read_committed",
      "enable.auto.commit": false,
      "enable.auto.offset.store": false,
      "max.partition.fetch.bytes": settings.maxBytesPerPartition,
      "fetch.max.bytes": Math.max(settings.maxBytesPerPartition * 4, 52_428_800),
      "fetch.wait.max.ms": 100,
      "socket.keepalive.enable": true,
      rebalance_cb: (err: LibrdKafkaError, assignment: TopicPartition[]) =>
        onRebalance(consumer, err, assignment),
    },
    { "auto.offset.reset": "earliest" },
  );
  return consumer;
}

/**
 * Idempotent transactional producer. Keys are placed with murmur2, as Java clients (and kafkajs)
 * place them, so one customer's records share a partition whoever writes them.
 */
export function createTransactionalProducer(settings: StreamClientSettings): Producer {
  return new Producer({
    ...librdkafkaConnectionConfig(settings.connection),
    "client.id": settings.clientId,
    "transactional.id": settings.transactionalId,
    "transaction.timeout.ms": settings.transactionTimeoutMs,
    "enable.idempotence": true,
    partitioner: "murmur2_random",
    // Matches the cluster's compression.type (zstd), so the broker stores batches as they come.
    "compression.codec": "zstd",
    "linger.ms": 5,
    "batch.num.messages": 10_000,
    "queue.buffering.max.messages": 1_000_000,
    "queue.buffering.max.kbytes": 1_048_576,
    dr_cb: false,
  });
}

/** Node-style callback API -> promise. */
export function call<T = void>(
  start: (done: (err: LibrdKafkaError | null | undefined, value: T) => void) => void,
) {
  return new Promise<T>((resolve, reject) =>
    start((err, value) => (err ? reject(asError(err)) : resolve(value))),
  );
}

export function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  const e = err as Partial<LibrdKafkaError> | undefined;
  return new Error(e?.message ?? String(err));
}

export const connect = (client: KafkaConsumer | Producer) =>
  call((done) => client.connect({ timeout: 30_000 }, (err) => done(err, undefined)));

/** The producer flushes for up to `timeoutMs` first; the consumer leaves (or, static, just closes). */
export const disconnect = (client: KafkaConsumer | Producer, timeoutMs: number) =>
  call((done) =>
    client instanceof Producer
      ? client.disconnect(timeoutMs, (err: unknown) => done(err as LibrdKafkaError, undefined))
      : client.disconnect((err: unknown) => done(err as LibrdKafkaError, undefined)),
  );

export const consume = (consumer: KafkaConsumer, max: number) =>
  call<Message[]>((done) => consumer.consume(max, (err, messages) => done(err, messages)));

export const sendOffsets = (
  producer: Producer,
  offsets: TopicPartitionOffset[],
  consumer: KafkaConsumer,
  timeoutMs: number,
) =>
  call((done) =>
    producer.sendOffsetsToTransaction(offsets, consumer, timeoutMs, (err) => done(err, undefined)),
  );
