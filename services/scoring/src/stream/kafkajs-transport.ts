import fs from "node:fs";
import { type Consumer, Kafka, type KafkaConfig, logLevel, type SASLOptions } from "kafkajs";
import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics";
import type { BatchProducer, ProducerKind } from "./batch-producer";
import { createGroupCommitter } from "./group-commit";
import { kafkajsBatchProducer } from "./kafkajs-batch-producer";
import type { InboundBatch, OutboundRecord, StreamTransport } from "./transport";
import { wireBatchProducer } from "./wire-batch-producer";

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  groupId: string;
  /** Stable per worker across restarts, so a restarted worker fences its dead predecessor. */
  transactionalId: string;
  inputTopic: string;
  /** The transactional producer: kafkajs's, or our wire-protocol one (which does not speak SASL). */
  producer: ProducerKind;
  ssl?: { ca?: string } | boolean;
  sasl?: { mechanism: "plain" | "scram-sha-256" | "scram-sha-512"; username: string; password: string };
  /** Default 10 s. */
  sessionTimeoutMs?: number;
  /**
   * Upper bound of one fetch per partition; bounds the batch (and transaction) size. Default 4 MiB:
   * with a backlog, bigger batches spread per-batch and per-customer costs (Redis calls, transaction
   * round trips, broker fetches) over more transactions; without one, batches are what arrived.
   */
  maxBytesPerPartition?: number;
  /**
   * Partitions' batches handled at once; batches finishing while a transaction commits share the next
   * transaction. Default 4.
   */
  concurrentPartitions?: number;
  metrics: Metrics;
  logger: Logger;
}

type Handle = (batch: InboundBatch) => Promise<OutboundRecord[]>;

/** One consumer + transactional producer pair; replaced as a whole after any failure. */
interface Generation {
  consumer: Consumer;
  producer: BatchProducer;
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
 * kafkajs read_committed consumer without auto-commit, and a transactional producer (kafkajs or wire);
 * each batch's output and its offsets go into one transaction.
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
    if (options.producer === "wire" && options.sasl)
      throw new Error("the wire producer does not speak SASL; use the kafkajs producer with SASL");
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
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 4 << 20,
      maxWaitTimeInMs: 100,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
      // Restarts are ours (with a fresh producer); kafkajs would skip non-retriable crashes anyway.
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5000, restartOnFailure: async () => false },
    });
    const producer = this.createProducer();
    const generation: Generation = { consumer, producer, failed };
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
    let broken: Error | null = null;
    /** Per topic:partition, the offset after the last batch this generation's producer committed. */
    const committedNext = new Map<string, bigint>();
    const committer = createGroupCommitter(
      (records, positions) => producer.commitBatch(records, positions),
      (result) => metrics.kafkaTransactions.inc({ result }),
    );
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic: inputTopic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.concurrentPartitions ?? 4,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          // After a failed transaction nothing more is produced with this producer; the generation ends.
          if (broken) throw broken;
          if (!isRunning() || isStale() || batch.messages.length === 0) return;
          const last = batch.messages[batch.messages.length - 1]!.offset;
          // A consumer that rejoins its group inside this generation may fetch the committed offset
          // before the last transaction's markers landed (kafkajs cannot ask for stable offsets,
          // KIP-447) and get a batch this producer already committed: drop what it committed.
          const partitionKey = `${batch.topic}:${batch.partition}`;
          const next = committedNext.get(partitionKey);
          const fresh = notYetCommitted(batch.messages, next);
          if (fresh.length < batch.messages.length) {
            this.options.logger.warn(
              {
                topic: batch.topic,
                partition: batch.partition,
                skipped: batch.messages.length - fresh.length,
              },
              "skipped messages already committed by this generation",
            );
          }
          if (fresh.length === 0) {
            resolveOffset(last);
            await heartbeat();
            return;
          }
          const records = await handle({
            topic: batch.topic,
            partition: batch.partition,
            highWatermark: batch.highWatermark,
            messages: fresh.map((m) => ({
              offset: m.offset,
              key: m.key ?? null,
              value: m.value ?? null,
              headers: m.headers ?? {},
            })),
          });
          try {
            await committer.submit(records, {
              groupId,
              topic: batch.topic,
              partition: batch.partition,
              nextOffset: String(BigInt(last) + 1n),
            });
            committedNext.set(partitionKey, BigInt(last) + 1n);
          } catch (err) {
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

  private createProducer(): BatchProducer {
    const { transactionalId, producer, ssl, brokers, clientId } = this.options;
    if (producer === "kafkajs") return kafkajsBatchProducer(this.kafka, transactionalId);
    return wireBatchProducer({
      brokers,
      clientId,
      transactionalId,
      transactionTimeoutMs: 30_000,
      tls: ssl ? { ...(typeof ssl === "object" && ssl.ca !== undefined ? { ca: ssl.ca } : {}) } : undefined,
    });
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

/** The messages at or after `next` (all of them when nothing was committed yet), order kept. */
export function notYetCommitted<T extends { offset: string }>(
  messages: readonly T[],
  next: bigint | undefined,
): readonly T[] {
  return next === undefined ? messages : messages.filter((m) => BigInt(m.offset) >= next);
}

export function readCa(path: string | undefined): { ca?: string } | boolean {
  return path ? { ca: fs.readFileSync(path, "utf8") } : true;
}
