import {
  ensureTopics,
  instanceTopics,
  localConnection,
  readCommitted,
  testKafkaBroker,
} from "@antifraud/local";
import { createKafkaSender } from "../src/producer/kafka-sender";
import type { TransactionRecord } from "../src/producer/messages";
import { fullyDelivered, produceTransactions } from "../src/producer/produce";
import { generatedSource } from "../src/producer/sources";

jest.setTimeout(120_000);

describe("producer against the local SASL_SSL broker, as the ingest user", () => {
  const broker = testKafkaBroker();
  const ingest = localConnection(broker, "ingest");
  const reader = localConnection(broker, "analytics");
  const records: TransactionRecord[] = [
    ...generatedSource({ customers: 400, terminals: 800, days: 3, seed: 21 }),
  ].flat();

  it("keeps each customer's transactions in send order with 8 sends in flight", async () => {
    const t = instanceTopics("order");
    await ensureTopics(localConnection(broker, "admin"), [t.transactions], 3);
    const sender = await createKafkaSender({ connection: ingest });
    const report = await produceTransactions({
      sender,
      source: [records],
      topic: t.transactions,
      labelsTopic: null,
      batchSize: 50,
      maxInFlight: 8,
    });
    await sender.close();
    expect(fullyDelivered(report)).toBe(true);
    const read = await readCommitted(localConnection(broker, "admin"), [t.transactions], records.length, {
      timeoutMs: 60_000,
    });
    expect(read).toHaveLength(records.length);
    const idsByCustomer = new Map<string, number[]>();
    for (const m of read.sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
      idsByCustomer.set(m.key!, [
        ...(idsByCustomer.get(m.key!) ?? []),
        JSON.parse(m.value).transaction_id as number,
      ]);
    }
    const outOfOrder = [...idsByCustomer].filter(([, ids]) => ids.some((id, i) => i > 0 && id < ids[i - 1]!));
    expect(outOfOrder).toEqual([]);
  });

  it("delivers every transaction once with key and value intact, and each label after the delay", async () => {
    const t = instanceTopics("deliver");
    await ensureTopics(localConnection(broker, "admin"), [t.transactions, t.labels], 3);
    const sender = await createKafkaSender({ connection: ingest });
    const report = await produceTransactions({
      sender,
      source: [records],
      topic: t.transactions,
      labelsTopic: t.labels,
      labelDelayMs: 1500,
      batchSize: 500,
    });
    await sender.close();
    expect(report).toMatchObject({ attempted: records.length, acknowledged: records.length, failed: 0 });
    expect(fullyDelivered(report)).toBe(true);

    const transactions = await readCommitted(
      localConnection(broker, "admin"),
      [t.transactions],
      records.length,
      {
        timeoutMs: 60_000,
      },
    );
    expect(transactions).toHaveLength(records.length);
    const byId = new Map(transactions.map((m) => [JSON.parse(m.value).transaction_id as number, m]));
    expect(byId.size).toBe(records.length);
    for (const record of records) {
      const message = byId.get(record.transaction_id)!;
      expect(message.key).toBe(String(record.customer_id));
      expect(JSON.parse(message.value)).toEqual({
        transaction_id: record.transaction_id,
        tx_datetime: record.tx_datetime,
        customer_id: record.customer_id,
        terminal_id: record.terminal_id,
        tx_amount: record.tx_amount,
      });
    }

    const labels = await readCommitted(reader, [t.labels], records.length, { timeoutMs: 60_000 });
    expect(labels).toHaveLength(records.length);
    const fraudById = new Map(records.map((record) => [record.transaction_id, record.tx_fraud]));
    for (const label of labels) {
      const value = JSON.parse(label.value);
      const transaction = byId.get(value.transaction_id)!;
      expect(value.tx_fraud).toBe(fraudById.get(value.transaction_id));
      expect(label.key).toBe(transaction.key);
      // Broker timestamps are the producer's send times: the label left at least 1.5 s after its transaction.
      const delay = label.timestamp - transaction.timestamp;
      expect(delay).toBeGreaterThanOrEqual(1500);
      expect(delay).toBeLessThan(1500 + 15_000);
    }
  });

  it("is refused where the ingest role may not write (scores)", async () => {
    const t = instanceTopics("refused");
    await ensureTopics(localConnection(broker, "admin"), [t.scores], 1);
    const sender = await createKafkaSender({ connection: ingest, deliveryTimeoutMs: 10_000 });
    const report = await produceTransactions({
      sender,
      source: [records.slice(0, 10)],
      topic: t.scores,
      labelsTopic: null,
    });
    await sender.close();
    expect(report).toMatchObject({ attempted: 10, acknowledged: 0, failed: 10 });
    expect(report.firstError).toMatch(/authoriz/i);
  });
});
