import { KafkaConsumer, Producer, type LibrdKafkaError, type Message } from "@confluentinc/kafka-javascript";
import { librdkafkaConnectionConfig, type KafkaConnection } from "@antifraud/contracts";
import { withAdmin } from "../kafka/kafka-clients";

/** Test, demo and bench I/O against a local broker, through the platform's one Kafka client. */

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  /** Broker timestamp (the producer's send time by default), ms. */
  timestamp: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

const callback = (resolve: () => void, reject: (e: Error) => void) => (err: unknown) =>
  err ? reject(err instanceof Error ? err : new Error((err as LibrdKafkaError).message)) : resolve();

/** librdkafka error codes that no retry fixes: refused credentials, a failed TLS handshake, fatal. */
const REFUSED = new Set([-169 /* authentication */, -181 /* SSL */, -150 /* fatal */]);
const refusal = (err: LibrdKafkaError) =>
  REFUSED.has(err.code) || err.isFatal ? new Error(`refused: ${err.message}`) : undefined;

/**
 * Produces `records` idempotently with acks=all (key placed with murmur2, like every other writer)
 * and resolves once every one was acknowledged; rejects with the first delivery error.
 */
export async function produceValues(
  connection: KafkaConnection,
  topic: string,
  records: readonly { key: string | null; value: string | Buffer; headers?: Record<string, string> }[],
): Promise<void> {
  const producer = new Producer({
    ...librdkafkaConnectionConfig(connection),
    "client.id": "antifraud-test-producer",
    "enable.idempotence": true,
    partitioner: "murmur2_random",
    "linger.ms": 5,
    "message.max.bytes": 2_000_000,
    "queue.buffering.max.messages": 1_000_000,
    dr_cb: true,
    // A record the broker keeps refusing fails its delivery report within this (librdkafka's default
    // is 5 min), so a test of a denied write ends on its assertion, not on jest's timeout.
    "message.timeout.ms": 40_000,
  });
  await new Promise<void>((resolve, reject) =>
    producer.connect({ timeout: 10_000 }, callback(resolve, reject)),
  );
  producer.setPollInterval(20);
  try {
    await new Promise<void>((resolve, reject) => {
      let pending = records.length;
      if (pending === 0) resolve();
      producer.on("event.error", (err) => {
        const refused = refusal(err);
        if (refused) reject(refused);
      });
      producer.on("delivery-report", (err) => {
        if (err) reject(new Error(`delivery failed: ${err.message}`));
        else if (--pending === 0) resolve();
      });
      for (const r of records) {
        const headers = r.headers && Object.entries(r.headers).map(([k, v]) => ({ [k]: v }));
        try {
          producer.produce(topic, null, Buffer.from(r.value), r.key ?? undefined, null, undefined, headers);
        } catch (err) {
          // A producer refused its idempotent identity (no IDEMPOTENT_WRITE) fails every produce.
          reject(new Error(`refused: ${(err as Error).message}; ${producer.getLastError()?.message ?? ""}`));
          return;
        }
      }
    });
  } finally {
    // The library clears its poll timer only once disconnected; a poll during the teardown crashes.
    producer.setPollInterval(0);
    await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
  }
}

/**
 * Reads `topics` from the beginning with read_committed isolation (assigned partitions, no committed
 * group state) until `expected` records arrived, then keeps reading `settleMs` more so that
 * duplicates would show up too.
 */
export async function readCommitted(
  connection: KafkaConnection,
  topics: readonly string[],
  expected: number,
  opts: { timeoutMs: number; settleMs?: number },
): Promise<ConsumedRecord[]> {
  const partitions = await withAdmin(connection, (admin) =>
    admin.fetchTopicMetadata({ topics: [...topics] }),
  );
  const consumer = new KafkaConsumer(
    {
      ...librdkafkaConnectionConfig(connection),
      "client.id": "antifraud-test-reader",
      "group.id": `antifraud-reader-${process.pid}-${Date.now()}`,
      "isolation.level": "read_committed",
      "enable.auto.commit": false,
    },
    { "auto.offset.reset": "earliest" },
  );
  await new Promise<void>((resolve, reject) => consumer.connect({}, callback(resolve, reject)));
  const out: ConsumedRecord[] = [];
  try {
    consumer.assign(
      partitions.flatMap((t) =>
        t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId, offset: 0 })),
      ),
    );
    consumer.setDefaultConsumeTimeout(100);
    const deadline = Date.now() + opts.timeoutMs;
    let settleUntil = Infinity;
    while (Date.now() < Math.min(deadline, settleUntil)) {
      const messages = await new Promise<Message[]>((resolve, reject) =>
        consumer.consume(10_000, (err, m) => (err ? reject(err) : resolve(m))),
      );
      for (const m of messages) out.push(toRecord(m));
      if (out.length >= expected && settleUntil === Infinity)
        settleUntil = Date.now() + (opts.settleMs ?? 1500);
    }
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
  return out;
}

function toRecord(m: Message): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const h of m.headers ?? []) for (const [k, v] of Object.entries(h)) headers[k] = String(v);
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    timestamp: m.timestamp ?? -1,
    key: m.key === undefined || m.key === null ? null : m.key.toString(),
    value: m.value?.toString("utf8") ?? "",
    headers,
  };
}

/** Reads a group's committed progress on a topic, repeatedly, through one client per group. */
export interface CommittedCounter {
  /** The group's committed offsets of `topic`, summed over partitions (stable: pending transactions waited for). */
  count(group: string, topic: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Tests poll a group's progress every 100 ms; one client per group for all those reads instead of one
 * per read. It is a consumer bound to the group that never subscribes (so never joins it), not an
 * admin: librdkafka 2.15.1's admin ListConsumerGroupOffsets dereferences the missing consumer-group
 * handle when the broker answers NOT_COORDINATOR (after a broker restart), a SIGSEGV in the test
 * process (rd_kafka_handle_OffsetFetch -> rd_kafka_cgrp_op(NULL), seen in a core dump). read_committed
 * makes the fetch ask for stable offsets. librdkafka reconnects by itself after a broker restart;
 * reads while the broker is down reject.
 */
export function committedCounter(connection: KafkaConnection): CommittedCounter {
  const consumers = new Map<string, Promise<KafkaConsumer>>();
  const partitions = new Map<string, Promise<number[]>>();
  const consumerOf = (group: string) => {
    let consumer = consumers.get(group);
    if (consumer === undefined) {
      consumer = connectConsumer(connection, group);
      consumers.set(group, consumer);
      consumer.catch(() => consumers.delete(group));
    }
    return consumer;
  };
  return {
    async count(group, topic) {
      const consumer = await consumerOf(group);
      let ids = partitions.get(topic);
      if (ids === undefined) {
        ids = partitionIds(consumer, topic);
        partitions.set(topic, ids);
        ids.catch(() => partitions.delete(topic));
      }
      const toppars = (await ids).map((partition) => ({ topic, partition }));
      const offsets = await new Promise<{ offset?: number }[]>((resolve, reject) =>
        consumer.committed(toppars, 5000, (err, result) => (err ? reject(err) : resolve(result))),
      );
      return offsets.reduce((acc, p) => acc + Math.max(0, Number(p.offset ?? 0)), 0);
    },
    async close() {
      const all = [...consumers.values()];
      consumers.clear();
      await Promise.all(
        all.map(async (pending) => {
          const consumer = await pending.catch(() => undefined);
          if (consumer?.isConnected())
            await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
        }),
      );
    },
  };
}

async function connectConsumer(connection: KafkaConnection, group: string): Promise<KafkaConsumer> {
  const consumer = new KafkaConsumer(
    {
      ...librdkafkaConnectionConfig(connection),
      "client.id": "antifraud-test-progress",
      "group.id": group,
      "isolation.level": "read_committed",
      "enable.auto.commit": false,
    },
    {},
  );
  await new Promise<void>((resolve, reject) => consumer.connect({}, callback(resolve, reject)));
  return consumer;
}

function partitionIds(consumer: KafkaConsumer, topic: string): Promise<number[]> {
  return new Promise((resolve, reject) =>
    consumer.getMetadata({ topic, timeout: 5000 }, (err, metadata) => {
      if (err) return reject(err);
      const found = metadata.topics.find((t) => t.name === topic);
      if (found === undefined || found.partitions.length === 0) return reject(new Error(`no topic ${topic}`));
      resolve(found.partitions.map((p) => p.id));
    }),
  );
}

/** One read of a group's committed progress (see CommittedCounter). */
export async function committedCount(
  connection: KafkaConnection,
  group: string,
  topic: string,
): Promise<number> {
  const counter = committedCounter(connection);
  try {
    return await counter.count(group, topic);
  } finally {
    await counter.close();
  }
}
