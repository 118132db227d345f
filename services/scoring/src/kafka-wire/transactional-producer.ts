import { decodeAddPartitionsToTxnResponse, encodeAddPartitionsToTxnRequest } from "./add-partitions-to-txn";
import { decodeErrorCodeResponse, encodeAddOffsetsToTxnRequest } from "./add-offsets-to-txn";
import { API_KEYS, TRANSACTION_VERSIONS } from "./api-versions";
import { BufferWriter } from "./buffer-writer";
import { type Cluster, connectCluster } from "./cluster";
import type { KafkaConnection, TlsOptions } from "./connection";
import { Coordinators } from "./coordinators";
import { encodeEndTxnRequest } from "./end-txn";
import { kafkaErrorName } from "./error-codes";
import { COORDINATOR_TYPE } from "./find-coordinator";
import { decodeInitProducerIdResponse, encodeInitProducerIdRequest } from "./init-producer-id";
import { murmur2 } from "./murmur2-partitioner";
import { decodeProduceResponse, encodeTransactionalProduceRequest } from "./produce-request";
import type { ProducerIdentity } from "./producer-identity";
import { beginBatch, endBatch, type ProducerRecord, writeProducerRecords } from "./record-batch";
import { decodeTxnOffsetCommitResponse, encodeTxnOffsetCommitRequest } from "./txn-offset-commit";

export interface TransactionalProducerOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Stable per worker: a new producer with the same id fences the old one and aborts its open transaction. */
  readonly transactionalId: string;
  /** Default 30000. */
  readonly transactionTimeoutMs?: number;
  /** Broker-side and client-side timeout of each request, ms. Default 30000. */
  readonly requestTimeoutMs?: number;
  /** Default 10000. */
  readonly connectTimeoutMs?: number;
  /** How long coordinator look-ups, InitProducerId and CONCURRENT_TRANSACTIONS are retried, ms. Default 30000. */
  readonly retryDeadlineMs?: number;
  /** Upper bound of one Produce request's record bytes. Default 900000 (brokers refuse 1 MiB by default). */
  readonly maxRequestBytes?: number;
  readonly tls?: TlsOptions;
}

export interface TransactionalRecord extends ProducerRecord {
  readonly topic: string;
}

/** The consumed position committed with a batch: the offset of the next record to read. */
export interface ConsumedPosition {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** Decimal int64. */
  readonly nextOffset: string;
}

/** One partition's records of one Produce request, encoded as a RecordBatch records section. */
interface EncodedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly count: number;
  readonly baseSequence: number;
  readonly records: Buffer;
}

const ACKS_ALL = -1;
const ABORT_TIMEOUT_MS = 5000;
const SEQUENCE_MODULUS = 2 ** 31;

/**
 * A transactional producer speaking the Kafka protocol itself. Each `commitBatch` is one transaction:
 * AddPartitionsToTxn + AddOffsetsToTxn (pipelined), then Produce (acks=all, one request per leader) and
 * TxnOffsetCommit in parallel, then EndTxn(commit). Any failure aborts the transaction (best effort) and
 * leaves the producer unusable: the owner replaces it, and the new InitProducerId fences this one.
 */
export class TransactionalProducer {
  private readonly scratch = new BufferWriter(1024 * 1024);
  private readonly sequences = new Map<string, number>();
  private readonly roundRobin = new Map<string, number>();
  private failure: Error | undefined;

  private constructor(
    private readonly cluster: Cluster,
    private readonly coordinators: Coordinators,
    private readonly identity: ProducerIdentity,
    private readonly requestTimeoutMs: number,
    private readonly maxRequestBytes: number,
  ) {}

  /** Connects, checks every broker speaks the versions used, and gets a producer id (fencing older ones). */
  static async connect(options: TransactionalProducerOptions): Promise<TransactionalProducer> {
    const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    const cluster = await connectCluster({
      brokers: options.brokers,
      clientId: options.clientId,
      requestTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      metadataWaitMs: 10_000,
      allowAutoTopicCreation: false,
      connectionsPerBroker: 1,
      requiredVersions: TRANSACTION_VERSIONS,
      tls: options.tls,
    });
    try {
      const coordinators = new Coordinators(cluster, {
        deadlineMs: options.retryDeadlineMs ?? 30_000,
        initialBackoffMs: 2,
        maxBackoffMs: 200,
      });
      const { transactionalId } = options;
      const { producerId, producerEpoch } = await coordinators.request(
        COORDINATOR_TYPE.transaction,
        transactionalId,
        `InitProducerId(${transactionalId})`,
        (connection) =>
          connection.request(
            API_KEYS.initProducerId,
            TRANSACTION_VERSIONS[API_KEYS.initProducerId].version,
            (writer) =>
              encodeInitProducerIdRequest(writer, transactionalId, options.transactionTimeoutMs ?? 30_000),
            decodeInitProducerIdResponse,
          ),
        (answer) => [answer.errorCode],
      );
      if (producerId > BigInt(Number.MAX_SAFE_INTEGER))
        throw new Error(`producer id ${producerId} is too large`);
      const identity = { transactionalId, producerId: Number(producerId), producerEpoch };
      return new TransactionalProducer(
        cluster,
        coordinators,
        identity,
        requestTimeoutMs,
        options.maxRequestBytes ?? 900_000,
      );
    } catch (error) {
      await cluster.close();
      throw error;
    }
  }

  get producerId(): number {
    return this.identity.producerId;
  }

  get producerEpoch(): number {
    return this.identity.producerEpoch;
  }

  /**
   * Produces `records` and commits `positions` (one consumer group, at most one per partition) in one
   * transaction; aborts it and throws on any error.
   */
  async commitBatch(
    records: readonly TransactionalRecord[],
    positions: readonly ConsumedPosition[],
  ): Promise<void> {
    if (this.failure !== undefined) throw new Error(`the producer failed earlier: ${this.failure.message}`);
    const groupId = consumerGroupOf(positions);
    try {
      await this.transact(records, groupId, positions);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      await this.abort();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.cluster.close();
  }

  private async transact(
    records: readonly TransactionalRecord[],
    groupId: string,
    positions: readonly ConsumedPosition[],
  ): Promise<void> {
    const shares = await this.partition(records);
    const { transactionalId } = this.identity;
    const txn = COORDINATOR_TYPE.transaction;
    await this.coordinators.request(
      txn,
      transactionalId,
      "AddPartitionsToTxn/AddOffsetsToTxn",
      (connection) =>
        Promise.all([
          shares.size === 0 ? Promise.resolve([]) : this.addPartitions(connection, shares),
          this.txnRequest(connection, API_KEYS.addOffsetsToTxn, (writer) =>
            encodeAddOffsetsToTxnRequest(writer, this.identity, groupId),
          ),
        ]),
      ([partitionResults, offsetsError]) => [...partitionResults.map((r) => r.errorCode), offsetsError],
    );
    await Promise.all([this.produce(records, shares), this.commitOffsets(groupId, positions)]);
    await this.coordinators.request(
      txn,
      transactionalId,
      "EndTxn(commit)",
      (connection) => this.endTxn(connection, true),
      (code) => [code],
    );
  }

  /** Record indices per topic and partition: murmur2 of the key like kafkajs's DefaultPartitioner, null keys round robin. */
  private async partition(
    records: readonly TransactionalRecord[],
  ): Promise<Map<string, Map<number, number[]>>> {
    const shares = new Map<string, Map<number, number[]>>();
    const counts = new Map<string, number>();
    for (const topic of new Set(records.map((record) => record.topic)))
      counts.set(topic, (await this.cluster.route(topic)).leaders.length);
    records.forEach((record, index) => {
      const count = counts.get(record.topic)!;
      let partition: number;
      if (record.key === null) {
        const next = this.roundRobin.get(record.topic) ?? 0;
        this.roundRobin.set(record.topic, (next + 1) % count);
        partition = next;
      } else {
        partition = (murmur2(record.key) & 0x7fffffff) % count;
      }
      let byPartition = shares.get(record.topic);
      if (byPartition === undefined) shares.set(record.topic, (byPartition = new Map()));
      const indices = byPartition.get(partition);
      if (indices === undefined) byPartition.set(partition, [index]);
      else indices.push(index);
    });
    return shares;
  }

  private addPartitions(connection: KafkaConnection, shares: Map<string, Map<number, number[]>>) {
    const topics = [...shares].map(([topic, byPartition]) => ({
      topic,
      partitions: [...byPartition.keys()],
    }));
    return connection.request(
      API_KEYS.addPartitionsToTxn,
      TRANSACTION_VERSIONS[API_KEYS.addPartitionsToTxn].version,
      (writer) => encodeAddPartitionsToTxnRequest(writer, this.identity, topics),
      decodeAddPartitionsToTxnResponse,
    );
  }

  private txnRequest(connection: KafkaConnection, apiKey: 25 | 26, encode: (writer: BufferWriter) => void) {
    return connection.request(apiKey, TRANSACTION_VERSIONS[apiKey].version, encode, decodeErrorCodeResponse);
  }

  private endTxn(connection: KafkaConnection, commit: boolean): Promise<number> {
    return this.txnRequest(connection, API_KEYS.endTxn, (writer) =>
      encodeEndTxnRequest(writer, this.identity, commit),
    );
  }

  private async commitOffsets(groupId: string, positions: readonly ConsumedPosition[]): Promise<void> {
    await this.coordinators.request(
      COORDINATOR_TYPE.group,
      groupId,
      `TxnOffsetCommit(${groupId})`,
      (connection) =>
        connection.request(
          API_KEYS.txnOffsetCommit,
          TRANSACTION_VERSIONS[API_KEYS.txnOffsetCommit].version,
          (writer) =>
            encodeTxnOffsetCommitRequest(
              writer,
              this.identity,
              groupId,
              positions.map(({ topic, partition, nextOffset }) => ({ topic, partition, offset: nextOffset })),
            ),
          decodeTxnOffsetCommitResponse,
        ),
      (results) => results.map((result) => result.errorCode),
    );
  }

  /** Encodes every partition's share (split at maxRequestBytes) and sends one Produce request per leader and size. */
  private async produce(
    records: readonly TransactionalRecord[],
    shares: Map<string, Map<number, number[]>>,
  ): Promise<void> {
    const requests = new Map<number, EncodedBatch[][]>();
    for (const [topic, byPartition] of shares) {
      const { leaders } = await this.cluster.route(topic);
      for (const [partition, indices] of byPartition) {
        const order = Int32Array.from(indices);
        for (let from = 0; from < order.length;) {
          this.scratch.reset();
          const to = writeProducerRecords(
            this.scratch,
            records,
            order,
            from,
            order.length,
            this.maxRequestBytes,
          );
          const key = `${topic}\u0000${partition}`;
          const baseSequence = this.sequences.get(key) ?? 0;
          this.sequences.set(key, (baseSequence + to - from) % SEQUENCE_MODULUS);
          const batch = {
            topic,
            partition,
            count: to - from,
            baseSequence,
            records: this.scratch.copyFrom(0),
          };
          addToRequest(requests, leaders[partition]!, batch, this.maxRequestBytes);
          from = to;
        }
      }
    }
    const timestampMs = Date.now();
    await Promise.all(
      [...requests].map(async ([leader, batchesPerRequest]) => {
        const connection = await this.cluster.leaderConnection(leader);
        await Promise.all(
          batchesPerRequest.map((batches) => this.sendProduce(connection, batches, timestampMs)),
        );
      }),
    );
  }

  private async sendProduce(
    connection: KafkaConnection,
    batches: readonly EncodedBatch[],
    timestampMs: number,
  ): Promise<void> {
    const byTopic = new Map<string, Map<number, EncodedBatch>>();
    for (const batch of batches) {
      let byPartition = byTopic.get(batch.topic);
      if (byPartition === undefined) byTopic.set(batch.topic, (byPartition = new Map()));
      byPartition.set(batch.partition, batch);
    }
    const topics = [...byTopic].map(([topic, byPartition]) => ({
      topic,
      partitions: [...byPartition.keys()],
    }));
    const { producerId, producerEpoch } = this.identity;
    const results = await connection.request(
      API_KEYS.produce,
      TRANSACTION_VERSIONS[API_KEYS.produce].version,
      (writer) =>
        encodeTransactionalProduceRequest(
          writer,
          this.identity.transactionalId,
          ACKS_ALL,
          this.requestTimeoutMs,
          topics,
          (out, topic, partition) => {
            const batch = byTopic.get(topic)!.get(partition)!;
            const start = beginBatch(out);
            out.raw(batch.records);
            endBatch(out, start, batch.count, timestampMs, "none", {
              producerId,
              producerEpoch,
              baseSequence: batch.baseSequence,
              transactional: true,
            });
          },
        ),
      decodeProduceResponse,
    );
    const failed = batches
      .map((batch) => ({
        batch,
        result: results.find((r) => r.topic === batch.topic && r.partition === batch.partition),
      }))
      .filter(({ result }) => result === undefined || result.errorCode !== 0)
      .map(({ batch, result }) =>
        result === undefined
          ? `${batch.topic}/${batch.partition}: no result`
          : `${batch.topic}/${batch.partition}: ${kafkaErrorName(result.errorCode)}`,
      );
    if (failed.length > 0) throw new Error(`produce failed: ${failed.join(", ")}`);
  }

  /** Best effort: if this fails too, the next producer's InitProducerId aborts the transaction. */
  private async abort(): Promise<void> {
    const attempt = this.coordinators.request(
      COORDINATOR_TYPE.transaction,
      this.identity.transactionalId,
      "EndTxn(abort)",
      (connection) => this.endTxn(connection, false),
      (code) => [code],
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      attempt.catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, ABORT_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }
}

/** The one consumer group of `positions`; refuses none, several groups, or a partition twice. */
export function consumerGroupOf(positions: readonly ConsumedPosition[]): string {
  const first = positions[0];
  if (first === undefined) throw new Error("a transaction commits at least one consumed position");
  const seen = new Set<string>();
  for (const { groupId, topic, partition } of positions) {
    if (groupId !== first.groupId)
      throw new Error(`one transaction commits one consumer group's offsets: ${first.groupId}, ${groupId}`);
    const key = `${topic}:${partition}`;
    if (seen.has(key)) throw new Error(`position of ${key} given twice`);
    seen.add(key);
  }
  return first.groupId;
}

/** Appends `batch` to the leader's last request, or starts a new one when it is full or has that partition. */
function addToRequest(
  requests: Map<number, EncodedBatch[][]>,
  leader: number,
  batch: EncodedBatch,
  maxRequestBytes: number,
): void {
  let perRequest = requests.get(leader);
  if (perRequest === undefined) requests.set(leader, (perRequest = []));
  const last = perRequest[perRequest.length - 1];
  const size = (batches: readonly EncodedBatch[]) => batches.reduce((sum, b) => sum + b.records.length, 0);
  const fits =
    last !== undefined &&
    size(last) + batch.records.length <= maxRequestBytes &&
    !last.some((b) => b.topic === batch.topic && b.partition === batch.partition);
  if (fits) last.push(batch);
  else perRequest.push([batch]);
}
