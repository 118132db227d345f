import { Producer, type LibrdKafkaError } from "@confluentinc/kafka-javascript";
import { librdkafkaConnectionConfig, type KafkaConnection } from "@antifraud/contracts";
import type { MessageSender } from "./message-sender";

export type Compression = "zstd" | "lz4" | "gzip" | "none";

export interface KafkaSenderOptions {
  /** Brokers and security (SASL_SSL with SCRAM-SHA-512 against Yandex Managed Kafka and the local broker). */
  readonly connection: KafkaConnection;
  readonly clientId?: string;
  /** Default zstd: the cluster's own compression.type, so the broker stores batches as they come. */
  readonly compression?: Compression;
  /** A batch not acknowledged within this time fails (librdkafka's message.timeout.ms). Default 30000. */
  readonly deliveryTimeoutMs?: number;
}

const QUEUE_FULL = -184;

/**
 * librdkafka's idempotent producer with acks=all: the broker drops retried duplicates and keeps each
 * partition's records in send order even with many requests in flight, so a resolved send means
 * every message of the batch is stored exactly once, in order per customer key. Keys are placed
 * with murmur2 (as Java clients and the stream worker place them).
 */
export async function createKafkaSender(options: KafkaSenderOptions): Promise<MessageSender> {
  const producer = new Producer({
    ...librdkafkaConnectionConfig(options.connection),
    "client.id": options.clientId ?? "antifraud-producer",
    "enable.idempotence": true,
    acks: -1,
    partitioner: "murmur2_random",
    "compression.codec": options.compression ?? "zstd",
    "linger.ms": 10,
    "batch.num.messages": 10_000,
    "queue.buffering.max.messages": 1_000_000,
    "queue.buffering.max.kbytes": 1_048_576,
    "message.timeout.ms": options.deliveryTimeoutMs ?? 30_000,
    dr_cb: true,
  });
  await new Promise<void>((resolve, reject) =>
    producer.connect({ timeout: 30_000 }, (err) => (err ? reject(new Error(err.message)) : resolve())),
  );
  producer.setPollInterval(10);
  /** Per send: messages not yet reported, and how it ends. */
  interface Pending {
    left: number;
    error: LibrdKafkaError | undefined;
    done: () => void;
    fail: (e: Error) => void;
  }
  producer.on("delivery-report", (err, report) => {
    const pending = report.opaque as Pending;
    if (err) pending.error ??= err;
    if (--pending.left > 0) return;
    if (pending.error) pending.fail(new Error(`delivery failed: ${pending.error.message}`));
    else pending.done();
  });
  /** Hands one send's messages to the client; waits (and retries) only while its queue is full. */
  const enqueue = async (
    topic: string,
    messages: readonly { key: string; value: string }[],
    pending: Pending,
  ) => {
    for (let i = 0; i < messages.length;) {
      try {
        producer.produce(topic, null, Buffer.from(messages[i]!.value), messages[i]!.key, null, pending);
        i++;
      } catch (err) {
        if ((err as LibrdKafkaError).code !== QUEUE_FULL) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  };
  // Sends are handed over one after another, so the client's queue (and each partition) holds them in
  // call order; acknowledgements of several sends are awaited concurrently.
  let handedOver: Promise<void> = Promise.resolve();
  return {
    send(topic, messages) {
      if (messages.length === 0) return Promise.resolve();
      return new Promise<void>((done, fail) => {
        const pending: Pending = { left: messages.length, error: undefined, done, fail };
        handedOver = handedOver.then(() => enqueue(topic, messages, pending)).catch(fail);
      });
    },
    async close() {
      await new Promise<void>((resolve) => producer.flush(30_000, () => resolve()));
      // The library clears its poll timer only once disconnected; a poll during the teardown crashes.
      producer.setPollInterval(0);
      await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
    },
  };
}
