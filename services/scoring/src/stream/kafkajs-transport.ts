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

type Handle = (batch: InboundBatch) => Promise<OutboundRecord[]>;

/** One consumer + transactional producer pair; replaced as a whole after any failure. */
interface Generation {
  consumer: Consumer;
  producer: Producer;
  /** Settles with the first failure: a consumer crash or a transaction that did not commit. */
  failed: Promise<Error>;
}

/** Backoff between generations: doubles from 200 ms up to 5 s, so an outage is polled, not hammered. */
const RESTART_INITIAL_MS = 200;
const RESTART_MAX_MS = 5000;
/** A generation that ran this long without failing resets the backoff. */
const HEALTHY_AFTER_MS = 30_000;
/** Disconnecting a broken client can hang on a dead connection; give up on it after this. */
const DISCONNECT_TIMEOUT_MS = 10_000;

/**
 * kafkajs implementation: read_committed consumer without auto-commit, idempotent transactional
 * producer; each batch's output and its offsets go into one transaction (sendOffsets).
 *
 * kafkajs does not recover on its own from a broker outage longer than its retry budget: the consumer
 * crashes with a non-retriable error ("Failed to find group coordinator") and stays stopped, and a
 * transactional producer whose transaction failed may be left in an unusable state. So every failure
 * ends the generation: both clients are dropped, and new ones (same transactional.id, which bumps the
 * epoch, aborts any open transaction and fences the old producer) resume from the committed offsets.
 * Records of an aborted transaction are consumed and scored again; read_committed readers never see
 * the aborted output, so each input still yields exactly one committed output.
 */
export class KafkajsTransport implements StreamTransport {
  private readonly kafka: Kafka;
  private current: Generation | null = null;
  private supervisor: Promise<void> | null = null;
  private wakeStopped: () => void = () => undefined;
  private readonly stoppedSignal = new Promise<void>((resolve) => (this.wakeStopped = resolve));
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
  }

  /** Resolves once the first generation consumes; later failures are recovered in the background. */
  async run(handle: Handle): Promise<void> {
    const first = await this.startGeneration(handle);
    this.current = first;
    this.supervisor = this.supervise(handle, first);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wakeStopped();
    // consumer.disconnect waits for the running eachBatch (and its commit) before leaving the group.
    const generation = this.current;
    if (generation) await this.closeGeneration(generation);
    await this.supervisor;
  }

  private async supervise(handle: Handle, first: Generation): Promise<void> {
    const { logger } = this.options;
    let generation: Generation | null = first;
    let startedAt = Date.now();
    let delay = RESTART_INITIAL_MS;
    while (!this.stopped) {
      if (generation) {
        const err = await Promise.race([generation.failed, this.stoppedSignal.then(() => null)]);
        if (!err || this.stopped) return;
        if (Date.now() - startedAt > HEALTHY_AFTER_MS) delay = RESTART_INITIAL_MS;
        logger.error({ err: err.message, retryInMs: delay }, "kafka transport failed; restarting it");
        await this.closeGeneration(generation);
        generation = null;
        this.current = null;
      }
      await Promise.race([new Promise((r) => setTimeout(r, delay).unref()), this.stoppedSignal]);
      if (this.stopped) return;
      // Doubles on every attempt until a generation stays healthy, so a flapping broker is not hammered.
      delay = Math.min(delay * 2, RESTART_MAX_MS);
      try {
        generation = await this.startGeneration(handle);
        this.current = generation;
        startedAt = Date.now();
        logger.warn("kafka transport restarted from the committed offsets");
        if (this.stopped) await this.closeGeneration(generation);
      } catch (err) {
        logger.error({ err: (err as Error).message, retryInMs: delay }, "kafka transport restart failed");
      }
    }
  }

  private async startGeneration(handle: Handle): Promise<Generation> {
    const { metrics, groupId, inputTopic } = this.options;
    let fail: (err: Error) => void = () => undefined;
    const failed = new Promise<Error>((resolve) => (fail = resolve));
    const consumer = this.kafka.consumer({
      groupId,
      readUncommitted: false,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1 << 20,
      maxWaitTimeInMs: 100,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
      // Restarts are ours (with a fresh producer); kafkajs would skip non-retriable crashes anyway.
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5000, restartOnFailure: async () => false },
    });
    const producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      // Idempotence needs unbounded retries; an outage blocks the batch instead of failing it.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
    });
    const generation: Generation = { consumer, producer, failed };
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
    let broken: Error | null = null;
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic: inputTopic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          // After a failed transaction nothing more is produced with this producer; the generation ends.
          if (broken) throw broken;
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
          try {
            await commitBatch(producer, groupId, batch.topic, batch.partition, last, records);
            metrics.kafkaTransactions.inc({ result: "committed" });
          } catch (err) {
            metrics.kafkaTransactions.inc({ result: "aborted" });
            broken = err as Error;
            fail(broken);
            throw err;
          }
          resolveOffset(last);
          await heartbeat();
        },
      });
    } catch (err) {
      await this.closeGeneration(generation);
      throw err;
    }
    return generation;
  }

  private async closeGeneration({ consumer, producer }: Generation): Promise<void> {
    const { logger } = this.options;
    const bounded = (what: string, p: Promise<void>) =>
      Promise.race([p, new Promise<void>((r) => setTimeout(r, DISCONNECT_TIMEOUT_MS).unref())]).catch(
        (err: Error) => logger.warn({ err: err.message }, `kafka ${what} disconnect failed`),
      );
    await bounded("consumer", consumer.disconnect());
    await bounded("producer", producer.disconnect());
  }
}

/** Produces `records` and commits the offsets after `last` in one transaction; aborts it on any error. */
async function commitBatch(
  producer: Producer,
  groupId: string,
  topic: string,
  partition: number,
  last: string,
  records: OutboundRecord[],
): Promise<void> {
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
      topics: [{ topic, partitions: [{ partition, offset: String(BigInt(last) + 1n) }] }],
    });
    await txn.commit();
  } catch (err) {
    // Best effort: if the abort fails too, the next producer's InitProducerId aborts the transaction.
    await txn.abort().catch(() => undefined);
    throw err;
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
