import fs from "node:fs";
import { type Consumer, Kafka, type KafkaConfig, logLevel, type Producer, type SASLOptions } from "kafkajs";
import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics";
import type { InboundBatch, OutboundRecord, StreamTransport } from "./transport";

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  groupId: string;
  /** Stable per worker across restarts, so a restarted worker fences its dead predecessor. */
  transactionalId: string;
  inputTopic: string;
  ssl?: { ca?: string } | boolean;
  sasl?: { mechanism: "plain" | "scram-sha-256" | "scram-sha-512"; username: string; password: string };
  /** Upper bound of one fetch per partition; bounds the batch (and transaction) size. Default 2 MiB. */
  maxBytesPerPartition?: number;
  metrics: Metrics;
  logger: Logger;
}

/**
 * kafkajs implementation: read_committed consumer without auto-commit, idempotent transactional
 * producer; each batch's output and its offsets go into one transaction (sendOffsets).
 */
export class KafkajsTransport implements StreamTransport {
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private stopped = false;

  constructor(private readonly options: KafkaTransportOptions) {
    const log = options.logger;
    const config: KafkaConfig = {
      brokers: options.brokers,
      clientId: options.clientId,
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }) => {
          const { message, ...rest } = entry;
          if (level <= logLevel.ERROR) log.error(rest, `kafkajs: ${message}`);
          else log.warn(rest, `kafkajs: ${message}`);
        },
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5000 },
    };
    if (options.ssl) config.ssl = typeof options.ssl === "object" ? options.ssl : true;
    if (options.sasl) config.sasl = options.sasl as SASLOptions;
    this.kafka = new Kafka(config);
    this.consumer = this.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 2 << 20,
      maxWaitTimeInMs: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
    });
    this.producer = this.kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
    });
  }

  async run(handle: (batch: InboundBatch) => Promise<OutboundRecord[]>): Promise<void> {
    const { metrics, groupId, inputTopic } = this.options;
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: inputTopic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const records = await handle({
          topic: batch.topic,
          partition: batch.partition,
          highWatermark: batch.highWatermark,
          messages: batch.messages.map((m) => ({
            offset: m.offset,
            key: m.key ?? null,
            value: m.value ?? null,
            headers: m.headers ?? {},
          })),
        });
        const last = batch.messages[batch.messages.length - 1]!.offset;
        const txn = await this.producer.transaction();
        try {
          const byTopic = new Map<string, OutboundRecord[]>();
          for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
          if (byTopic.size > 0) {
            await txn.sendBatch({
              topicMessages: [...byTopic].map(([topic, messages]) => ({
                topic,
                messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
              })),
            });
          }
          await txn.sendOffsets({
            consumerGroupId: groupId,
            topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(BigInt(last) + 1n) }] }],
          });
          await txn.commit();
          metrics.kafkaTransactions.inc({ result: "committed" });
        } catch (err) {
          metrics.kafkaTransactions.inc({ result: "aborted" });
          await txn.abort().catch(() => undefined);
          throw err;
        }
        resolveOffset(last);
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // consumer.disconnect waits for the running eachBatch (and its commit) before leaving the group.
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }
}

export function readCa(path: string | undefined): { ca?: string } | boolean {
  return path ? { ca: fs.readFileSync(path, "utf8") } : true;
}
