import fc from "fast-check";
import { LatencyStats } from "../src/producer/latency-stats";
import type { MessageSender } from "../src/producer/message-sender";
import { type OutgoingMessage, type TransactionRecord, transactionMessage } from "../src/producer/messages";
import { sendTimeMs } from "../src/producer/pacer";
import { fullyDelivered, produceTransactions } from "../src/producer/produce";

function records(count: number, firstId = 0): TransactionRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    transaction_id: firstId + i,
    tx_datetime: "2018-04-01 10:00:00",
    customer_id: (firstId + i) % 7,
    terminal_id: 100 + i,
    tx_amount: 12.5,
    tx_fraud: i % 3 === 0 ? 1 : 0,
  }));
}

/** A broker stand-in: stores batches per topic after `ackDelayMs`, or refuses the batches it is told to (index per topic). */
function fakeBroker(
  options: { ackDelayMs?: number; failBatch?: (topic: string, index: number) => boolean } = {},
) {
  const topics = new Map<string, Array<OutgoingMessage & { at: number }>>();
  const batchesPerTopic = new Map<string, number>();
  let concurrent = 0;
  let maxConcurrent = 0;
  const sender: MessageSender = {
    async send(topic, messages) {
      const index = batchesPerTopic.get(topic) ?? 0;
      batchesPerTopic.set(topic, index + 1);
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, options.ackDelayMs ?? 1));
      concurrent--;
      if (options.failBatch?.(topic, index)) throw new Error(`broker refused batch ${index}`);
      const stored = topics.get(topic) ?? [];
      stored.push(...messages.map((message) => ({ ...message, at: Date.now() })));
      topics.set(topic, stored);
    },
    async close() {},
  };
  return { sender, topics, maxConcurrent: () => maxConcurrent };
}

describe("produceTransactions", () => {
  it("sends every record once, keyed by customer, with the DESIGN 4.4 value and nothing else", async () => {
    const broker = fakeBroker();
    const report = await produceTransactions({
      sender: broker.sender,
      source: [records(250), records(100, 250)],
      batchSize: 60,
      labelsTopic: null,
    });
    const sent = broker.topics.get("transactions")!;
    expect(sent).toHaveLength(350);
    expect(new Set(sent.map((m) => JSON.parse(m.value).transaction_id)).size).toBe(350);
    expect(sent.find((m) => JSON.parse(m.value).transaction_id === 10)).toMatchObject({
      key: "3",
      value:
        '{"transaction_id":10,"tx_datetime":"2018-04-01 10:00:00","customer_id":3,"terminal_id":110,"tx_amount":12.5}',
    });
    expect(broker.topics.has("labels")).toBe(false);
    expect(report).toMatchObject({ attempted: 350, acknowledged: 350, failed: 0, inFlight: 0, done: true });
    expect(fullyDelivered(report)).toBe(true);
    expect(report.ackLatencyP50Ms).toBeGreaterThan(0);
  });

  it("keeps at most maxInFlight batches unacknowledged", async () => {
    const broker = fakeBroker({ ackDelayMs: 5 });
    await produceTransactions({
      sender: broker.sender,
      source: [records(1000)],
      batchSize: 10,
      maxInFlight: 3,
      labelsTopic: null,
    });
    expect(broker.maxConcurrent()).toBe(3);
  });

  it("counts a refused batch as failed, never as sent, and stops sending", async () => {
    const broker = fakeBroker({ failBatch: (topic, index) => topic === "transactions" && index === 2 });
    const report = await produceTransactions({
      sender: broker.sender,
      source: [records(1000)],
      batchSize: 100,
      maxInFlight: 1,
    });
    expect(report.failed).toBe(100);
    expect(report.acknowledged).toBe(200);
    expect(report.attempted).toBe(300);
    expect(broker.topics.get("transactions")).toHaveLength(200);
    expect(report.labels.acknowledged).toBe(200);
    expect(report.firstError).toBe("broker refused batch 2");
    expect(fullyDelivered(report)).toBe(false);
  });

  it("counts a batch that is not acknowledged in time as failed", async () => {
    const broker = fakeBroker({ ackDelayMs: 200 });
    const report = await produceTransactions({
      sender: broker.sender,
      source: [records(10)],
      deliveryTimeoutMs: 20,
      labelsTopic: null,
    });
    expect(report).toMatchObject({ attempted: 10, acknowledged: 0, failed: 10 });
    expect(report.firstError).toBe("not acknowledged within 20 ms");
  });

  it("sends each label after the delay, keyed by customer, with the transaction's ground truth", async () => {
    const broker = fakeBroker();
    const before = Date.now();
    const report = await produceTransactions({
      sender: broker.sender,
      source: [records(30)],
      batchSize: 10,
      labelDelayMs: 150,
    });
    const transactions = broker.topics.get("transactions")!;
    const labels = broker.topics.get("labels")!;
    expect(labels).toHaveLength(30);
    for (const label of labels) {
      const value = JSON.parse(label.value);
      const transaction = transactions.find(
        (m) => JSON.parse(m.value).transaction_id === value.transaction_id,
      )!;
      expect(label.key).toBe(transaction.key);
      expect(value.tx_fraud).toBe(value.transaction_id % 3 === 0 ? 1 : 0);
      expect(label.at - transaction.at).toBeGreaterThanOrEqual(150);
      expect(Date.parse(value.labeled_at)).toBeGreaterThanOrEqual(before + 150);
      expect(Object.keys(value).sort()).toEqual(["labeled_at", "transaction_id", "tx_fraud"]);
    }
    expect(report.labels).toEqual({ acknowledged: 30, failed: 0, pending: 0 });
  });

  it("holds a target rate", async () => {
    const broker = fakeBroker();
    const report = await produceTransactions({
      sender: broker.sender,
      source: [records(300)],
      batchSize: 50,
      rate: 1000,
      labelsTopic: null,
    });
    // 300 messages at 1000/s: the sixth batch may leave at 250 ms.
    expect(report.elapsedMs).toBeGreaterThanOrEqual(245);
    expect(report.achievedRate).toBeLessThan(1250);
  });
});

describe("sendTimeMs", () => {
  it.each([
    [1000, 0, 500, 1000],
    [1000, 500, 500, 2000],
    [1000, 250, 1000, 1250],
    [1000, 1e6, "max" as const, 1000],
  ])("start %p, %p sent at %p/s -> %p", (start, sent, rate, expected) => {
    expect(sendTimeMs(start, sent, rate)).toBe(expected);
  });
});

describe("LatencyStats", () => {
  it("weights each batch by its messages (nearest rank)", () => {
    const stats = new LatencyStats();
    expect(stats.percentile(50)).toBeUndefined();
    stats.add(10, 98);
    stats.add(500, 1);
    stats.add(1000, 1);
    stats.add(3, 0);
    expect(stats.count).toBe(100);
    expect(stats.percentile(50)).toBe(10);
    expect(stats.percentile(98)).toBe(10);
    expect(stats.percentile(99)).toBe(500);
    expect(stats.percentile(100)).toBe(1000);
  });
});

describe("transactionMessage", () => {
  test("property: the value is exactly JSON.stringify of the transaction fields, keyed by customer", () => {
    fc.assert(
      fc.property(
        fc.record({
          transaction_id: fc.integer({ min: 0, max: 2 ** 53 - 1 }),
          tx_datetime: fc.string(),
          customer_id: fc.integer({ min: -1000, max: 1e9 }),
          terminal_id: fc.integer({ min: -1000, max: 1e9 }),
          tx_amount: fc.double({ noNaN: true, noDefaultInfinity: true }),
          tx_fraud: fc.constantFrom(0, 1),
        }),
        (record) => {
          const { transaction_id, tx_datetime, customer_id, terminal_id, tx_amount } = record;
          expect(transactionMessage(record)).toEqual({
            key: String(customer_id),
            value: JSON.stringify({ transaction_id, tx_datetime, customer_id, terminal_id, tx_amount }),
          });
        },
      ),
    );
  });

  test.each([Number.NaN, Number.POSITIVE_INFINITY])(
    "refuses amount %p instead of writing invalid JSON",
    (amount) => {
      const record = {
        transaction_id: 1,
        tx_datetime: "2018-04-01 00:00:00",
        customer_id: 2,
        terminal_id: 3,
        tx_amount: amount,
        tx_fraud: 0,
      };
      expect(() => transactionMessage(record)).toThrow("transaction 1: non-finite number");
    },
  );
});
