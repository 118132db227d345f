import type {
  KafkaConsumer,
  LibrdKafkaError,
  Message,
  Producer,
  TopicPartition,
} from "@confluentinc/kafka-javascript";
import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics";
import { createGroupCommitter, type ConsumedPosition, type GroupCommitter } from "./group-commit";
import {
  asError,
  call,
  connect,
  consume,
  createStreamConsumer,
  createTransactionalProducer,
  disconnect,
  RD_ERR,
  sendOffsets,
  type StreamClientSettings,
} from "./rdkafka-clients";
import type { InboundBatch, OutboundRecord } from "./transport";

export type Handle = (batch: InboundBatch) => Promise<OutboundRecord[]>;

export interface SessionOptions {
  settings: StreamClientSettings;
  /** Messages per poll (across partitions); each poll's partition batches go to `handle` together. */
  maxPollRecords: number;
  metrics: Metrics;
  logger: Logger;
}

/** Polls taken in hand but not committed yet: scoring the next overlaps committing this many. */
const MAX_UNCOMMITTED_POLLS = 2;
/** A batch scoring this long (an outage being waited out) pauses fetching and keeps polling. */
const KEEPALIVE_AFTER_MS = 1000;
const KEEPALIVE_INTERVAL_MS = 500;
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * One consumer + transactional producer pair (replaced as a whole after any failure). A poll's
 * messages are split per partition, scored, then produced together with their offsets in one
 * transaction (shared with polls finishing while the previous one commits).
 *
 * Rebalances (eager) are served between polls: a revocation first commits everything consumed so
 * far, then unassigns; a lost assignment (this member was fenced) commits nothing and ends the
 * session. A poll's messages are therefore always committed under the generation they were fetched
 * in, and a zombie's commit is refused by the group coordinator (KIP-447: the transactional offset
 * commit carries the member, generation and instance id).
 */
export class StreamSession {
  /** Settles with the first failure (a transaction that did not commit, a client error, a lost assignment). */
  readonly failed: Promise<Error>;
  private fail: (err: Error) => void = () => undefined;
  private broken: Error | null = null;
  private readonly consumer: KafkaConsumer;
  private readonly producer: Producer;
  private readonly committer: GroupCommitter;
  private revocation: { lost: boolean } | null = null;
  private assignment: TopicPartition[] = [];
  private stopping = false;
  private closing = false;
  private pumping: Promise<void> = Promise.resolve();
  /** Messages polled while fetching was paused, handled next. */
  private carried: Message[] = [];

  private constructor(
    private readonly options: SessionOptions,
    private readonly handle: Handle,
  ) {
    this.failed = new Promise<Error>((resolve) => (this.fail = resolve));
    this.consumer = createStreamConsumer(options.settings, (_c, err, assignment) =>
      this.onRebalance(err, assignment),
    );
    this.producer = createTransactionalProducer(options.settings);
    const timeout = options.settings.transactionTimeoutMs;
    this.committer = createGroupCommitter(
      (records, positions) => this.commitTransaction(records, positions, timeout),
      (result) => options.metrics.kafkaTransactions.inc({ result }),
    );
    const onError = (err: LibrdKafkaError) => {
      // Transient broker/network errors are retried inside librdkafka; only fatal ones end the session.
      if (err.isFatal) this.markFailed(asError(err));
      else options.logger.warn({ err: err.message, code: err.code }, "kafka client error");
    };
    this.consumer.on("event.error", onError);
    this.producer.on("event.error", onError);
  }

  /** Connects both clients (the producer's InitProducerId fences its predecessor) and starts polling. */
  static async start(options: SessionOptions, handle: Handle): Promise<StreamSession> {
    const session = new StreamSession(options, handle);
    try {
      await connect(session.producer);
      await call((done) => session.producer.initTransactions(options.settings.transactionTimeoutMs, done));
      await connect(session.consumer);
      session.consumer.setDefaultConsumeTimeout(100);
      session.consumer.subscribe([options.settings.inputTopic]);
    } catch (err) {
      await session.close();
      throw err;
    }
    session.pumping = session.pump();
    return session;
  }

  /** Stops polling, commits what was taken in hand, then disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.pumping;
    await this.committer.idle();
    await this.close();
  }

  /**
   * Disconnects both clients without committing anything more (after a failure). The pump stops
   * first: librdkafka's close must not run while a poll of the same consumer is in flight.
   */
  async close(): Promise<void> {
    this.stopping = true;
    this.closing = true;
    const { logger } = this.options;
    const bounded = (what: string, p: Promise<void>) =>
      Promise.race([
        p,
        new Promise<void>((_, reject) =>
          setTimeout(
            () => reject(new Error(`${what} did not finish within ${CLOSE_TIMEOUT_MS} ms`)),
            CLOSE_TIMEOUT_MS,
          ).unref(),
        ),
      ]).catch((err: Error) => logger.warn({ err: err.message }, `kafka ${what} failed`));
    await bounded("poll loop stop", this.pumping);
    // Destroying a producer while one of its transactional calls runs deadlocks librdkafka (seen in
    // a core of a hung worker: the destroy joins rdk:main, which waits for the thread parked in
    // send_offsets_to_transaction, and process.exit then waits for both forever). So the transaction
    // in flight ends first; one that outlives the bound has the producer disconnected when it ends.
    const transactionEnded = this.committer.halt(new Error("the stream session is closing"));
    const ended = await Promise.race([
      transactionEnded.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), CLOSE_TIMEOUT_MS).unref()),
    ]);
    // Give the partitions up before closing: librdkafka's close waits for the application to unassign
    // what it still holds (a revocation the pump did not serve, or the one the close itself raises),
    // and a close seen blocked forever kept a libuv thread, so the process could not even exit.
    this.revocation = null;
    if (this.consumer.isConnected()) {
      try {
        this.consumer.unassign();
      } catch (err) {
        logger.warn({ err: (err as Error).message }, "kafka unassign before close failed");
      }
    }
    if (this.consumer.isConnected())
      await bounded("consumer disconnect", disconnect(this.consumer, CLOSE_TIMEOUT_MS));
    if (ended) {
      if (this.producer.isConnected())
        await bounded("producer disconnect", disconnect(this.producer, CLOSE_TIMEOUT_MS));
      return;
    }
    logger.warn(
      { waitedMs: CLOSE_TIMEOUT_MS },
      "a transaction is still in flight; the producer is disconnected when it ends",
    );
    void transactionEnded.then(() =>
      this.producer.isConnected()
        ? bounded("producer disconnect", disconnect(this.producer, CLOSE_TIMEOUT_MS))
        : undefined,
    );
  }

  private markFailed(err: Error): void {
    if (this.broken) return;
    this.broken = err;
    this.stopping = true;
    this.fail(err);
  }

  private onRebalance(err: LibrdKafkaError, assignment: TopicPartition[]): void {
    if (this.closing) {
      this.onRebalanceWhileClosing(err, assignment);
      return;
    }
    const { metrics, logger } = this.options;
    if (err.code === RD_ERR.assignPartitions) {
      metrics.kafkaRebalances.inc({ event: "assign" });
      this.assignment = assignment;
      this.consumer.assign(assignment);
      logger.info({ partitions: assignment.map((p) => p.partition) }, "partitions assigned");
      return;
    }
    if (err.code !== RD_ERR.revokePartitions) {
      this.markFailed(asError(err));
      return;
    }
    // Typed in the library's JS, not in its .d.ts.
    const lost = (this.consumer as KafkaConsumer & { assignmentLost(): boolean }).assignmentLost();
    metrics.kafkaRebalances.inc({ event: lost ? "lost" : "revoke" });
    logger.info({ lost, partitions: assignment.map((p) => p.partition) }, "partitions revoked");
    // The pump commits what it consumed first, then unassigns.
    this.revocation = { lost };
  }

  /**
   * While closing nothing more is assigned or committed: a revocation gives the partitions up and
   * asks nothing else. Rebalance events reach JS after librdkafka raised them, possibly after the
   * close freed the native handle; the binding's assignmentLost() does not check for that and
   * crashed the process (SIGSEGV in KafkaConsumer::AssignmentLost, seen in a core dump), while its
   * unassign() answers a state error.
   */
  private onRebalanceWhileClosing(err: LibrdKafkaError, assignment: TopicPartition[]): void {
    if (err.code !== RD_ERR.revokePartitions) return;
    const { metrics, logger } = this.options;
    metrics.kafkaRebalances.inc({ event: "revoke" });
    logger.info({ partitions: assignment.map((p) => p.partition) }, "partitions revoked while closing");
    try {
      this.consumer.unassign();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "kafka unassign while closing failed");
    }
  }

  private async pump(): Promise<void> {
    const { maxPollRecords, logger } = this.options;
    const inFlight = new Set<Promise<void>>();
    try {
      while (!this.stopping) {
        const messages =
          this.carried.length > 0 ? this.takeCarried() : await consume(this.consumer, maxPollRecords);
        if (messages.length > 0) {
          const submitted = (await this.process(messages))?.committed;
          if (submitted) {
            inFlight.add(submitted);
            void submitted.then(
              () => inFlight.delete(submitted),
              (err: Error) => this.markFailed(err),
            );
          }
          while (inFlight.size >= MAX_UNCOMMITTED_POLLS && !this.broken) await Promise.race(inFlight);
        }
        if (this.revocation) await this.serveRevocation();
      }
    } catch (err) {
      this.markFailed(asError(err));
    }
    if (this.broken) logger.error({ err: this.broken.message }, "stream session failed");
  }

  private takeCarried(): Message[] {
    const messages = this.carried;
    this.carried = [];
    return messages;
  }

  /** Commits what this member consumed before giving its partitions up, unless it lost them. */
  private async serveRevocation(): Promise<void> {
    const { lost } = this.revocation!;
    this.revocation = null;
    if (lost) {
      this.markFailed(
        new Error("partitions lost (this member was removed from the group); nothing more is committed"),
      );
      return;
    }
    await this.committer.idle();
    this.assignment = [];
    this.consumer.unassign();
  }

  /**
   * Scores one poll's partition batches and submits them (wrapped: awaiting a bare inner promise
   * would wait for the commit); undefined when the session ended meanwhile.
   */
  private async process(messages: Message[]): Promise<{ committed: Promise<void> } | undefined> {
    const batches = partitionBatches(messages, this.consumer);
    const work = Promise.all(batches.map((batch) => this.handle(batch)));
    const records = await this.keepMembershipWhile(work);
    if (this.broken) return undefined;
    const positions: ConsumedPosition[] = batches.map((b) => ({
      topic: b.topic,
      partition: b.partition,
      nextOffset: b.messages[b.messages.length - 1]!.offset + 1,
    }));
    return { committed: this.committer.submit(records.flat(), positions) };
  }

  /**
   * Awaits `work`; if it takes long (an outage the worker waits out), pauses fetching and keeps
   * polling meanwhile, so librdkafka never sees the application stall (max.poll.interval.ms) and the
   * group keeps this member. Messages that were already fetched are kept for the next round.
   */
  private async keepMembershipWhile<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const done = work.finally(() => (settled = true));
    const early = await Promise.race([
      done,
      new Promise<null>((r) => setTimeout(() => r(null), KEEPALIVE_AFTER_MS)),
    ]);
    if (settled) return early as T;
    const paused = this.assignment;
    this.consumer.pause(paused);
    this.options.logger.warn("scoring is waiting out an outage: fetching paused, group membership kept");
    try {
      while (!settled && !this.broken && !this.closing) {
        this.carried.push(...(await consume(this.consumer, this.options.maxPollRecords)));
        await Promise.race([
          done.catch(() => undefined),
          new Promise((r) => setTimeout(r, KEEPALIVE_INTERVAL_MS)),
        ]);
      }
    } finally {
      if (!this.closing) this.consumer.resume(paused);
    }
    return done;
  }

  private async commitTransaction(
    records: readonly OutboundRecord[],
    positions: readonly ConsumedPosition[],
    timeoutMs: number,
  ): Promise<void> {
    const producer = this.producer;
    await call((done) => producer.beginTransaction(done));
    try {
      for (const r of records) await produce(producer, r, () => this.closing);
      await sendOffsets(
        producer,
        positions.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.nextOffset })),
        this.consumer,
        timeoutMs,
      );
      await call((done) => producer.commitTransaction(timeoutMs, done));
    } catch (err) {
      // Best effort: the next session's InitProducerId aborts it anyway.
      await call((done) => producer.abortTransaction(timeoutMs, done)).catch(() => undefined);
      throw err;
    }
  }
}

/**
 * Produces one record; when the client's queue is full, waits for it to drain and retries (until
 * the session closes: the transaction is abandoned then, and aborted by the next InitProducerId).
 */
async function produce(producer: Producer, r: OutboundRecord, closing: () => boolean): Promise<void> {
  const value = typeof r.value === "string" ? Buffer.from(r.value) : r.value;
  const headers = r.headers?.map((h) => ({ [h.key]: h.value }));
  for (;;) {
    try {
      producer.produce(r.topic, null, value, r.key ?? undefined, null, undefined, headers);
      return;
    } catch (err) {
      if ((err as LibrdKafkaError).code !== RD_ERR.queueFull || closing()) throw err;
      await call((done) => producer.flush(1000, done)).catch(() => undefined);
    }
  }
}

/** One poll's messages as per-partition batches, offsets ascending within each. */
export function partitionBatches(messages: readonly Message[], consumer: KafkaConsumer): InboundBatch[] {
  const byPartition = new Map<string, InboundBatch & { messages: InboundBatch["messages"][number][] }>();
  for (const m of messages) {
    const key = `${m.topic}\u0000${m.partition}`;
    let batch = byPartition.get(key);
    if (batch === undefined) {
      let highWatermark = -1;
      try {
        highWatermark = consumer.getWatermarkOffsets(m.topic, m.partition).highOffset;
      } catch {
        // Not known yet: the lag gauge skips this batch.
      }
      batch = { topic: m.topic, partition: m.partition, messages: [], highWatermark };
      byPartition.set(key, batch);
    }
    batch.messages.push({
      offset: m.offset,
      key: m.key === undefined || m.key === null ? null : Buffer.isBuffer(m.key) ? m.key : Buffer.from(m.key),
      value: m.value ?? null,
      headers: (m.headers ?? []).flatMap((h) =>
        Object.entries(h).map(([key, value]) => ({
          key,
          value: Buffer.isBuffer(value) ? value : Buffer.from(String(value)),
        })),
      ),
    });
  }
  return [...byPartition.values()];
}
