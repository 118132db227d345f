import fs from "node:fs";
import {
  type Consumer,
  Kafka,
  type KafkaConfig,
  logLevel,
  Partitioners,
  type Producer,
  type SASLOptions,
} from "kafkajs";
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
  /** Default 10 s. */
  sessionTimeoutMs?: number;
  /** Upper bound of one fetch per partition; bounds the batch (and transaction) size. Default 1 MiB. */
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
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1 << 20,
      maxWaitTimeInMs: 100,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
    });
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      // Idempotence needs unbounded retries; an outage blocks the batch instead of failing it.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
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
          for (const chunk of chunkBySize(records, MAX_REQUEST_BYTES)) {
            const byTopic = new Map<string, OutboundRecord[]>();
            for (const r of chunk) {
              const list = byTopic.get(r.topic);
              if (list) list.push(r);
              else byTopic.set(r.topic, [r]);
            }
            await txn.sendBatch({
              topicMessages: [...byTopic].map(([topic, messages]) => ({
                topic,
                messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
              })),
            });
          }
          await txn.sendOffsets({
            consumerGroupId: groupId,
            topics: [
              {
                topic: batch.topic,
                partitions: [{ partition: batch.partition, offset: String(BigInt(last) + 1n) }],
              },
            ],
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

/** Brokers refuse record batches above message.max.bytes (1 MiB by default); stay well below. */
const MAX_REQUEST_BYTES = 512 * 1024;

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

export function readCa(path: string | undefined): { ca?: string } | boolean {
  return path ? { ca: fs.readFileSync(path, "utf8") } : true;
}
