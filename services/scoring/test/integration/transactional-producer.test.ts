import type { Kafka } from "kafkajs";
import { testKafkaBrokers, uniqueTopic } from "../../../../scripts/local/src/testing/test-env";
import { partitionForKey } from "../../src/kafka-wire/murmur2-partitioner";
import { TransactionalProducer, type TransactionalRecord } from "../../src/kafka-wire/transactional-producer";
import { consumeCommitted, createTopics, kafkaClient } from "./kafka-helpers";

jest.setTimeout(60_000);

const brokers = testKafkaBrokers();
let client: Kafka;

beforeAll(() => {
  client = kafkaClient(brokers);
});

async function topics(...names: string[]): Promise<string[]> {
  const unique = names.map((name) => uniqueTopic(`txp-${name}`));
  const admin = client.admin();
  await admin.connect();
  await createTopics(admin, unique, 3);
  await admin.disconnect();
  return unique;
}

async function committedOffset(
  groupId: string,
  topic: string,
  partition: number,
): Promise<string | undefined> {
  const admin = client.admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return result?.partitions.find((p) => p.partition === partition)?.offset;
  } finally {
    await admin.disconnect();
  }
}

const connect = (transactionalId: string, maxRequestBytes?: number) =>
  TransactionalProducer.connect({
    brokers,
    clientId: "txp-test",
    transactionalId,
    ...(maxRequestBytes === undefined ? {} : { maxRequestBytes }),
  });

test("transactions with string, Buffer and null keys and headers: each record committed once, offsets with them", async () => {
  const [input, out, dlq] = await topics("in", "out", "dlq");
  const group = uniqueTopic("txp-group");
  // A small request budget: several Produce requests and batches per partition, sequences continuing.
  const producer = await connect(uniqueTopic("txp-id"), 4000);
  try {
    const scores: TransactionalRecord[] = Array.from({ length: 600 }, (_, i) => ({
      topic: out!,
      key: String(i % 97),
      value: JSON.stringify({ transaction_id: i, pad: "x".repeat(i % 50) }),
    }));
    const dead: TransactionalRecord[] = [
      {
        topic: dlq!,
        key: Buffer.from([0, 255]),
        value: Buffer.from("{bad"),
        headers: { "x-error-code": "A" },
      },
      { topic: dlq!, key: null, value: "", headers: { "x-error-code": "B", raw: Buffer.from([1, 2]) } },
      { topic: dlq!, key: null, value: Buffer.alloc(0) },
    ];
    await producer.commitBatch(
      [...scores.slice(0, 300), ...dead],
      [{ groupId: group, topic: input!, partition: 1, nextOffset: "303" }],
    );
    // Right after EndTxn the coordinator answers CONCURRENT_TRANSACTIONS for a moment: retried, not failed.
    await producer.commitBatch(scores.slice(300), [
      { groupId: group, topic: input!, partition: 1, nextOffset: "603" },
    ]);
    // Several partitions' positions in one transaction.
    await producer.commitBatch(
      [],
      [
        { groupId: group, topic: input!, partition: 1, nextOffset: "604" },
        { groupId: group, topic: input!, partition: 2, nextOffset: "7" },
      ],
    );

    const read = await consumeCommitted(client, [out!, dlq!], 603, { timeoutMs: 20_000, settleMs: 1000 });
    const got = read.filter((r) => r.topic === out).map((r) => JSON.parse(r.value).transaction_id as number);
    expect(got.sort((a, b) => a - b)).toEqual(scores.map((_, i) => i));
    expect(read.filter((r) => r.topic === out && r.partition !== partitionForKey(r.key!, 3))).toEqual([]);
    const dlqRead = read.filter((r) => r.topic === dlq).map(({ value, headers }) => ({ value, headers }));
    expect(
      dlqRead.sort((a, b) =>
        (a.headers["x-error-code"] ?? "z").localeCompare(b.headers["x-error-code"] ?? "z"),
      ),
    ).toEqual([
      { value: "{bad", headers: { "x-error-code": "A" } },
      { value: "", headers: { "x-error-code": "B", raw: Buffer.from([1, 2]).toString() } },
      { value: "", headers: {} },
    ]);
    expect(await committedOffset(group, input!, 1)).toBe("604");
    expect(await committedOffset(group, input!, 2)).toBe("7");
    expect(await committedOffset(group, input!, 0)).toBe("-1");
  } finally {
    await producer.close();
  }
});

test("a new producer with the same transactional id fences the old one, which then refuses to commit", async () => {
  const [input, out] = await topics("in", "out");
  const group = uniqueTopic("txp-group");
  const transactionalId = uniqueTopic("txp-id");
  const record = (id: number): TransactionalRecord => ({ topic: out!, key: String(id), value: String(id) });
  const old = await connect(transactionalId);
  const successor = await connect(transactionalId).catch(async (error) => {
    await old.close();
    throw error;
  });
  try {
    expect(successor.producerId).toBe(old.producerId);
    expect(successor.producerEpoch).toBeGreaterThan(old.producerEpoch);
    await expect(
      old.commitBatch([record(1)], [{ groupId: group, topic: input!, partition: 0, nextOffset: "1" }]),
    ).rejects.toThrow(/PRODUCER_FENCED|INVALID_PRODUCER_EPOCH/);
    await expect(
      old.commitBatch([record(2)], [{ groupId: group, topic: input!, partition: 0, nextOffset: "2" }]),
    ).rejects.toThrow(/the producer failed earlier/);
    await successor.commitBatch(
      [record(3)],
      [{ groupId: group, topic: input!, partition: 0, nextOffset: "5" }],
    );
    const read = await consumeCommitted(client, [out!], 1, { timeoutMs: 20_000, settleMs: 1000 });
    expect(read.map((r) => r.value)).toEqual(["3"]);
    expect(await committedOffset(group, input!, 0)).toBe("5");
  } finally {
    await Promise.all([old.close(), successor.close()]);
  }
});
