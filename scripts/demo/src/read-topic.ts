import { Kafka, logLevel } from "kafkajs";

export interface ReadTopicOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  /** Stop once this many distinct keys were collected (see `keyOf`). */
  readonly expected: number;
  readonly timeoutMs: number;
  /** Identity of a record; duplicates (same identity) are counted once. */
  readonly keyOf: (value: unknown) => number;
  readonly onProgress?: (collected: number) => void;
}

export interface TopicRead<T> {
  readonly records: Map<number, T>;
  /** Records whose identity was already seen before `expected` distinct ones were read (0 for exactly-once output). */
  readonly duplicates: number;
  readonly timedOut: boolean;
}

/**
 * Reads a topic from the beginning with read_committed isolation (aborted transactions are
 * invisible, as for any downstream consumer) until `expected` distinct records or the timeout.
 */
export async function readTopic<T>(options: ReadTopicOptions): Promise<TopicRead<T>> {
  const kafka = new Kafka({
    clientId: "antifraud-demo-reader",
    brokers: [...options.brokers],
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: `antifraud-demo-${options.topic}-${process.pid}-${Date.now()}`,
    readUncommitted: false,
  });
  const records = new Map<number, T>();
  let duplicates = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), options.timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            if (message.value === null) continue;
            const value = JSON.parse(message.value.toString("utf8")) as T;
            const key = options.keyOf(value);
            if (records.has(key)) duplicates++;
            else records.set(key, value);
          }
          options.onProgress?.(records.size);
          if (records.size >= options.expected) {
            clearTimeout(timer);
            resolve(false);
          }
        },
      });
    });
    const timedOut = await done;
    return { records, duplicates, timedOut };
  } finally {
    await consumer.disconnect();
  }
}
