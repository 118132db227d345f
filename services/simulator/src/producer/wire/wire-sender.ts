import type { MessageSender } from "../message-sender";
import {
  API_KEYS,
  beginBatch,
  BufferWriter,
  connectCluster,
  decodeProduceResponse,
  encodeProduceRequest,
  endBatch,
  gzipRecords,
  kafkaErrorName,
  METADATA_RETRIABLE_CODES,
  NOT_APPENDED_CODES,
  USED_VERSIONS,
  writeRecords,
  type Compression,
  type KafkaConnection,
} from "@antifraud/scoring/src/kafka-wire";
import type { OutgoingMessage } from "../messages";
import { planPartitions } from "./partition-plan";

export interface WireSenderOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** Default gzip. */
  readonly compression?: Compression;
  /**
   * zlib level for gzip, 1 (fastest) .. 9. Default 1: on our transactions about half the CPU of level 6 for a
   * slightly lower ratio (~4.7x against ~5.3x), and that CPU is shared with the broker.
   */
  readonly gzipLevel?: number;
  /** Broker-side and client-side timeout of each request, ms. Default 30000. */
  readonly requestTimeoutMs?: number;
  /** Default 10000. */
  readonly connectTimeoutMs?: number;
  /** How long a send waits for a new topic's partitions to get leaders, ms. Default 10000. */
  readonly metadataWaitMs?: number;
  /** Let the broker create unknown topics (like kafkajs's allowAutoTopicCreation). Default true. */
  readonly allowAutoTopicCreation?: boolean;
  /** Uncompressed records bytes per batch; a larger partition share goes out in further requests. Default 900000. */
  readonly maxBatchBytes?: number;
  /** Resends of a partition's batch the broker refused without storing it (NOT_LEADER_OR_FOLLOWER...). Default 5. */
  readonly retries?: number;
  /** Wait before the n-th resend: n times this, ms. Default 100. */
  readonly retryBackoffMs?: number;
  /** Connections per leader broker; requests go round-robin (more than 1 gives up call-order delivery). Default 1. */
  readonly connectionsPerBroker?: number;
}

/** A partition's share of one send, encoded as a RecordBatch records section (maybe gzipped). */
interface EncodedBatch {
  readonly partition: number;
  readonly count: number;
  readonly records: Buffer;
}

interface BatchOutcome {
  readonly batch: EncodedBatch;
  readonly errorCode: number;
}

const ACKS_ALL = -1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A lean producer speaking the Kafka protocol itself (ApiVersions v0, Metadata v4, Produce v7, acks=all):
 * each send groups its messages by murmur2-keyed partition, encodes one RecordBatch v2 per partition into
 * reused buffers, and sends one Produce request per leader broker, pipelined on that broker's connection.
 * No idempotence: batches are resent only after errors that guarantee nothing was stored, and a send
 * resolves only when every partition acknowledged its batch without error.
 */
export async function createWireSender(options: WireSenderOptions): Promise<MessageSender> {
  const compression = options.compression ?? "gzip";
  const gzipLevel = options.gzipLevel ?? 1;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxBatchBytes = options.maxBatchBytes ?? 900_000;
  const retries = options.retries ?? 5;
  const retryBackoffMs = options.retryBackoffMs ?? 100;

  const cluster = await connectCluster({
    brokers: options.brokers,
    clientId: options.clientId ?? "antifraud-producer",
    requestTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    metadataWaitMs: options.metadataWaitMs ?? 10_000,
    allowAutoTopicCreation: options.allowAutoTopicCreation ?? true,
    connectionsPerBroker: options.connectionsPerBroker ?? 1,
  });

  const scratch = new BufferWriter(1024 * 1024);
  /** Encodes each partition's share (split at maxBatchBytes) into its own buffer; gzip runs off the event loop. */
  const encode = (messages: readonly OutgoingMessage[], partitionCount: number): Promise<EncodedBatch[]> => {
    const { order, starts } = planPartitions(messages, partitionCount);
    const batches: EncodedBatch[] = [];
    for (let partition = 0; partition < partitionCount; partition++) {
      const end = starts[partition + 1]!;
      for (let from = starts[partition]!; from < end;) {
        scratch.reset();
        const to = writeRecords(scratch, messages, order, from, end, maxBatchBytes);
        batches.push({ partition, count: to - from, records: scratch.copyFrom(0) });
        from = to;
      }
    }
    if (compression === "none") return Promise.resolve(batches);
    return Promise.all(
      batches.map(async (batch) => ({ ...batch, records: await gzipRecords(batch.records, gzipLevel) })),
    );
  };

  /** One Produce request on the leader's connection; resolves with each batch's error code (0 = stored). */
  const produce = async (
    connection: KafkaConnection,
    topic: string,
    batches: readonly EncodedBatch[],
    timestampMs: number,
  ): Promise<BatchOutcome[]> => {
    const byPartition = new Map(batches.map((batch) => [batch.partition, batch]));
    const results = await connection.request(
      API_KEYS.produce,
      USED_VERSIONS[API_KEYS.produce].version,
      (writer) =>
        encodeProduceRequest(
          writer,
          ACKS_ALL,
          requestTimeoutMs,
          topic,
          [...byPartition.keys()],
          (out, partition) => {
            const batch = byPartition.get(partition)!;
            const start = beginBatch(out);
            out.raw(batch.records);
            endBatch(out, start, batch.count, timestampMs, compression);
          },
        ),
      decodeProduceResponse,
    );
    const codes = new Map(
      results
        .filter((result) => result.topic === topic)
        .map((result) => [result.partition, result.errorCode]),
    );
    return batches.map((batch) => {
      const errorCode = codes.get(batch.partition);
      if (errorCode === undefined)
        throw new Error(`produce to ${topic}: the response has no result for partition ${batch.partition}`);
      return { batch, errorCode };
    });
  };

  /**
   * Starts the Produce requests for `batches` (one per leader and round: a request carries one batch per
   * partition) and returns them pending, so the caller can release the next send once these are on the wire.
   */
  const issue = async (
    topic: string,
    batches: readonly EncodedBatch[],
    leaders: Int32Array,
    timestampMs: number,
  ): Promise<Promise<BatchOutcome[]>[]> => {
    const rounds: Map<number, EncodedBatch[]>[] = [];
    const seen = new Map<number, number>();
    for (const batch of batches) {
      const round = seen.get(batch.partition) ?? 0;
      seen.set(batch.partition, round + 1);
      const byLeader = (rounds[round] ??= new Map());
      const leader = leaders[batch.partition]!;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), batch]);
    }
    const leaderIds = [...new Set(rounds.flatMap((byLeader) => [...byLeader.keys()]))];
    const opened = new Map(
      await Promise.all(
        leaderIds.map(async (nodeId) => [nodeId, await cluster.leaderConnection(nodeId)] as const),
      ),
    );
    return rounds.flatMap((byLeader) =>
      [...byLeader].map(([nodeId, leaderBatches]) =>
        produce(opened.get(nodeId)!, topic, leaderBatches, timestampMs),
      ),
    );
  };

  /**
   * Requests go on the wire in the order of the send calls even when gzip finishes out of order, so a
   * partition stores concurrent sends in call order (with one connection per broker; a resent batch
   * lands after whatever reached its partition meanwhile).
   */
  let previousIssued: Promise<void> = Promise.resolve();

  const send = async (topic: string, messages: readonly OutgoingMessage[]): Promise<void> => {
    if (messages.length === 0) return;
    const myTurn = previousIssued;
    let issued!: () => void;
    previousIssued = new Promise((resolve) => (issued = resolve));
    let pending: Promise<BatchOutcome[]>[];
    let timestampMs: number;
    try {
      const { leaders } = await cluster.route(topic);
      timestampMs = Date.now();
      const batches = await encode(messages, leaders.length);
      await myTurn;
      pending = await issue(topic, batches, leaders, timestampMs);
    } finally {
      issued();
    }
    let outcomes = (await Promise.all(pending)).flat();
    for (let attempt = 1; attempt <= retries; attempt++) {
      const refused = outcomes.filter((outcome) => outcome.errorCode !== 0);
      if (refused.length === 0 || !refused.every((outcome) => NOT_APPENDED_CODES.has(outcome.errorCode)))
        break;
      cluster.forget(topic);
      await sleep(retryBackoffMs * attempt);
      const { leaders } = await cluster.route(topic);
      const resent = await issue(
        topic,
        refused.map((outcome) => outcome.batch),
        leaders,
        timestampMs,
      );
      outcomes = [
        ...outcomes.filter((outcome) => outcome.errorCode === 0),
        ...(await Promise.all(resent)).flat(),
      ];
    }
    const failed = outcomes.filter((outcome) => outcome.errorCode !== 0);
    if (failed.some((outcome) => METADATA_RETRIABLE_CODES.has(outcome.errorCode))) cluster.forget(topic);
    if (failed.length > 0) {
      const details = failed.map(
        (outcome) => `partition ${outcome.batch.partition} ${kafkaErrorName(outcome.errorCode)}`,
      );
      throw new Error(`produce to ${topic} failed: ${details.join(", ")}`);
    }
  };

  const active = new Set<Promise<void>>();
  let closing = false;
  return {
    send(topic, messages) {
      if (closing) return Promise.reject(new Error("sender is closed"));
      const sending = send(topic, messages);
      const tracked = sending.then(
        () => undefined,
        () => undefined,
      );
      active.add(tracked);
      void tracked.then(() => active.delete(tracked));
      return sending;
    },
    async close() {
      closing = true;
      await Promise.all(active);
      await cluster.close();
    },
  };
}
