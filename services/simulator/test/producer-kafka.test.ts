import { Kafka, logLevel, type KafkaMessage } from "kafkajs";
import { testKafkaBrokers, uniqueTopic } from "@antifraud/local";
import { readTopic } from "./helpers/read-topic";
import { createSender } from "../src/producer/create-sender";
import { createKafkaSender } from "../src/producer/kafka-sender";
import type { TransactionRecord } from "../src/producer/messages";
import { fullyDelivered, produceTransactions } from "../src/producer/produce";
import { generatedSource } from "../src/producer/sources";

async function readAll(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  return (await readTopic(kafka, topic, count)).map((read) => read.message);
}

describe("producer against the local broker", () => {
  const brokers = testKafkaBrokers();
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const records: TransactionRecord[] = [
    ...generatedSource({ customers: 400, terminals: 800, days: 3, seed: 21 }),
  ].flat();

  it.each(["kafkajs", "wire"] as const)(
    "%s: keeps each customer's transactions in send order with 8 sends in flight",
    async (client) => {
      const topic = uniqueTopic(`order-${client}`);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
      await admin.disconnect();
      const sender = await createSender({ client, brokers, compression: "none" });
      const report = await produceTransactions({
        sender,
        source: [records],
        topic,
        labelsTopic: null,
        batchSize: 50,
        maxInFlight: 8,
      });
      await sender.close();
      expect(fullyDelivered(report)).toBe(true);
      const read = await readTopic(kafka, topic, records.length);
      const idsByCustomer = new Map<string, number[]>();
      for (const { message } of read) {
        const key = message.key!.toString();
        idsByCustomer.set(key, [
          ...(idsByCustomer.get(key) ?? []),
          JSON.parse(message.value!.toString()).transaction_id as number,
        ]);
      }
      const outOfOrder = [...idsByCustomer].filter(([, ids]) =>
        ids.some((id, i) => i > 0 && id < ids[i - 1]!),
      );
      expect(outOfOrder).toEqual([]);
    },
    60_000,
  );

  it("delivers every transaction once with key and value intact, and each label after the delay", async () => {
    const topic = uniqueTopic("transactions");
    const labelsTopic = uniqueTopic("labels");
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 3 },
        { topic: labelsTopic, numPartitions: 3 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();

    const sender = await createKafkaSender({ brokers });
    const report = await produceTransactions({
      sender,
      source: [records],
      topic,
      labelsTopic,
      labelDelayMs: 1500,
      batchSize: 500,
    });
    await sender.close();
    expect(report).toMatchObject({ attempted: records.length, acknowledged: records.length, failed: 0 });
    expect(fullyDelivered(report)).toBe(true);

    const transactions = await readAll(kafka, topic, records.length);
    expect(transactions).toHaveLength(records.length);
    const byId = new Map(
      transactions.map((message) => [JSON.parse(message.value!.toString()).transaction_id, message]),
    );
    expect(byId.size).toBe(records.length);
    for (const record of records) {
      const message = byId.get(record.transaction_id)!;
      expect(message.key!.toString()).toBe(String(record.customer_id));
      expect(JSON.parse(message.value!.toString())).toEqual({
        transaction_id: record.transaction_id,
        tx_datetime: record.tx_datetime,
        customer_id: record.customer_id,
        terminal_id: record.terminal_id,
        tx_amount: record.tx_amount,
      });
    }

    const labels = await readAll(kafka, labelsTopic, records.length);
    expect(labels).toHaveLength(records.length);
    const fraudById = new Map(records.map((record) => [record.transaction_id, record.tx_fraud]));
    for (const label of labels) {
      const value = JSON.parse(label.value!.toString());
      const transaction = byId.get(value.transaction_id)!;
      expect(value.tx_fraud).toBe(fraudById.get(value.transaction_id));
      expect(label.key!.toString()).toBe(transaction.key!.toString());
      // Broker timestamps are the producer's send times: the label left at least 1.5 s after its transaction.
      const delay = Number(label.timestamp) - Number(transaction.timestamp);
      expect(delay).toBeGreaterThanOrEqual(1500);
      expect(delay).toBeLessThan(1500 + 15_000);
    }
  }, 120_000);
});
