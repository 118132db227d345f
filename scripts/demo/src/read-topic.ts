import type { KafkaConnection } from "@antifraud/contracts";
import { readCommitted } from "@antifraud/local";

export interface ReadTopicOptions {
  readonly connection: KafkaConnection;
  readonly topic: string;
  /** Stop once this many distinct keys were collected (see `keyOf`). */
  readonly expected: number;
  readonly timeoutMs: number;
  /** Identity of a record; duplicates (same identity) are counted once. */
  readonly keyOf: (value: unknown) => string | number;
}

export interface TopicRead<T> {
  readonly records: Map<string | number, T>;
  /** Records whose identity was already seen (0 for exactly-once output). */
  readonly duplicates: number;
  readonly timedOut: boolean;
}

/**
 * Reads a topic from the beginning with read_committed isolation (aborted transactions are
 * invisible, as for any downstream consumer) until `expected` records or the timeout.
 */
export async function readTopic<T>(options: ReadTopicOptions): Promise<TopicRead<T>> {
  const read = await readCommitted(options.connection, [options.topic], options.expected, {
    timeoutMs: options.timeoutMs,
    settleMs: 1000,
  });
  const records = new Map<string | number, T>();
  let duplicates = 0;
  for (const r of read) {
    const value = JSON.parse(r.value) as T;
    const key = options.keyOf(value);
    if (records.has(key)) duplicates++;
    else records.set(key, value);
  }
  return { records, duplicates, timedOut: records.size < options.expected };
}
