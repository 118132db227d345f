import { Kafka, logLevel } from "kafkajs";
import { startKafka, testKafkaBrokers, uniqueTopic } from "@antifraud/local";
import { transactionMessage, type OutgoingMessage } from "../../src/producer/messages";
import { fullyDelivered, produceTransactions } from "../../src/producer/produce";
import { generatedSource } from "../../src/producer/sources";
import { createWireSender } from "../../src/producer/wire";
import { kafkajsPartition } from "../helpers/kafkajs-partition";
import { readTopic } from "../helpers/read-topic";

describe("wire sender against the local broker", () => {
  const brokers = testKafkaBrokers();
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const records = [...generatedSource({ customers: 300, terminals: 600, days: 2, seed: 5 })]
    .flat()
    .slice(0, 2400);
  const messages: OutgoingMessage[] = [
    ...records.map(transactionMessage),
    { key: "kunde-ü", value: "Zürich 💳 €" },
    { key: "", value: "" },
  ];

  async function createTopic(partitions: number): Promise<string> {
    const topic = uniqueTopic("wire");
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    await admin.disconnect();
    return topic;
  }

  it.each([
    { compression: "gzip", maxBatchBytes: undefined },
    { compression: "none", maxBatchBytes: undefined },
    { compression: "none", maxBatchBytes: 4000 },
  ] as const)(
    "$compression (batch bytes $maxBatchBytes): every message once, key, value and kafkajs's partition",
    async ({ compression, maxBatchBytes }) => {
      const partitions = 4;
      const topic = await createTopic(partitions);
      const sender = await createWireSender({
        brokers,
        compression,
        ...(maxBatchBytes === undefined ? {} : { maxBatchBytes }),
      });
      // One message per partition first: a fresh KRaft partition may refuse (and get) a resend once, which
      // could land behind a later send; after this every partition is ready and order must hold.
      const warmUp = Array.from({ length: partitions }, (_, partition) => {
        let n = 0;
        while (kafkajsPartition(`warm-${n}`, partitions) !== partition) n++;
        return { key: `warm-${n}`, value: `warm-up ${partition}` };
      });
      await sender.send(topic, warmUp);
      const sent = [...warmUp, ...messages];
      // Several sends in flight at once on the same connection.
      const sends: Promise<void>[] = [];
      for (let i = 0; i < messages.length; i += 400)
        sends.push(sender.send(topic, messages.slice(i, i + 400)));
      await Promise.all(sends);
      await sender.close();

      const read = await readTopic(kafka, topic, sent.length);
      expect(read).toHaveLength(sent.length);
      const got = read
        .map(({ partition, message }) => ({
          partition,
          key: message.key?.toString(),
          value: message.value?.toString(),
        }))
        .sort((a, b) => (a.value! < b.value! ? -1 : a.value! > b.value! ? 1 : 0));
      const expected = sent
        .map(({ key, value }) => ({ partition: kafkajsPartition(key, partitions), key, value }))
        .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      expect(got).toEqual(expected);
      expect(new Set(got.map((message) => message.partition)).size).toBe(partitions);
      // Concurrent sends reach each partition in call order, even when gzip finishes out of order.
      for (let partition = 0; partition < partitions; partition++) {
        expect(
          read
            .filter((message) => message.partition === partition)
            .map(({ message }) => message.value?.toString()),
        ).toEqual(
          sent.filter(({ key }) => kafkajsPartition(key, partitions) === partition).map(({ value }) => value),
        );
      }
    },
    90_000,
  );

  it("drives produceTransactions into a topic the broker creates on first use", async () => {
    const topic = uniqueTopic("wire-auto");
    const sender = await createWireSender({ brokers });
    const report = await produceTransactions({
      sender,
      source: [records],
      topic,
      labelsTopic: null,
      batchSize: 500,
    });
    await sender.close();
    expect(report).toMatchObject({ attempted: records.length, acknowledged: records.length, failed: 0 });
    expect(fullyDelivered(report)).toBe(true);
    expect(await readTopic(kafka, topic, records.length)).toHaveLength(records.length);
  }, 90_000);

  it("rejects a send the broker refuses, naming partition and error, and keeps working", async () => {
    const topic = await createTopic(1);
    const sender = await createWireSender({ brokers, compression: "none" });
    await expect(sender.send(topic, [{ key: "1", value: "x".repeat(2_000_000) }])).rejects.toThrow(
      `produce to ${topic} failed: partition 0 MESSAGE_TOO_LARGE(10)`,
    );
    await expect(sender.send("bad topic name!", [{ key: "1", value: "x" }])).rejects.toThrow(
      "no usable metadata for topic bad topic name!: INVALID_TOPIC_EXCEPTION(17)",
    );
    await sender.send(topic, [{ key: "1", value: "fine" }]);
    await sender.close();
    const read = await readTopic(kafka, topic, 1);
    expect(read.map(({ message }) => message.value?.toString())).toEqual(["fine"]);
  }, 60_000);

  it("fails fast when no bootstrap broker answers", async () => {
    await expect(createWireSender({ brokers: ["127.0.0.1:1"], connectTimeoutMs: 2000 })).rejects.toThrow(
      /no bootstrap broker reachable: 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
  });

  it("rejects sends once the broker went away", async () => {
    const broker = await startKafka();
    let stopped = false;
    try {
      const sender = await createWireSender({ brokers: [broker.bootstrapServers], requestTimeoutMs: 5000 });
      const topic = uniqueTopic("wire-gone");
      await sender.send(topic, messages.slice(0, 100));
      await broker.stop();
      stopped = true;
      await expect(sender.send(topic, messages.slice(0, 100))).rejects.toThrow(
        /connection closed|ECONNREFUSED|ECONNRESET|EPIPE|not answered/,
      );
      await sender.close();
    } finally {
      if (!stopped) await broker.stop();
    }
  }, 90_000);
});
