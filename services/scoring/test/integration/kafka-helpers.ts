import { Kafka, logLevel, type Admin } from "kafkajs";

export interface ConsumedRecord {
  topic: string;
  partition: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export function kafkaClient(brokers: string[]): Kafka {
  return new Kafka({
    brokers,
    clientId: "scoring-it",
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 200 },
  });
}

export async function createTopics(admin: Admin, topics: string[], partitions = 3): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
  });
}

export async function produceValues(
  kafka: Kafka,
  topic: string,
  records: { key: string; value: string | Buffer }[],
) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let i = 0; i < records.length; i += 1000) {
    await producer.send({ topic, acks: -1, messages: records.slice(i, i + 1000) });
  }
  await producer.disconnect();
}

/**
 * Reads `topics` from the beginning with read_committed until `expected` records arrived, then keeps
 * listening `settleMs` more so duplicates would show up too.
 */
export async function consumeCommitted(
  kafka: Kafka,
  topics: string[],
  expected: number,
  opts: { timeoutMs: number; settleMs?: number },
): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({
    groupId: `it-reader-${Date.now()}-${Math.random()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const out: ConsumedRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let reached: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (reached = resolve));
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      out.push({
        topic,
        partition,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? "",
        headers,
      });
      if (out.length >= expected) reached();
    },
  });
  await Promise.race([done, new Promise((r) => setTimeout(r, opts.timeoutMs))]);
  await new Promise((r) => setTimeout(r, opts.settleMs ?? 1500));
  await consumer.disconnect();
  return out;
}
