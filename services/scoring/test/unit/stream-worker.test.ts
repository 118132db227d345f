import { METRIC } from "../../src/metrics/names";
import type { CustomerWindowStore } from "../../src/store/customer-window-store";
import { MemoryCustomerWindowStore } from "../../src/store/memory-customer-window-store";
import { createStreamWorker } from "../../src/stream/stream-worker";
import type { InboundBatch, OutboundRecord, StreamTransport } from "../../src/stream/transport";
import { fixtureRuntime, metricSamples, metricValue, sampleTx, spec, validTx } from "../helpers";

/** Delivers the given batches to the handler and records what it would commit. */
class ScriptedTransport implements StreamTransport {
  committed: OutboundRecord[][] = [];
  failures: unknown[] = [];
  constructor(private readonly batches: InboundBatch[]) {}
  async run(handle: (batch: InboundBatch) => Promise<OutboundRecord[]>) {
    for (const b of this.batches) {
      try {
        this.committed.push(await handle(b));
      } catch (err) {
        this.failures.push(err);
      }
    }
  }
  async stop() {}
}

const msg = (offset: number, value: string | null, headers: Record<string, string> = {}) => ({
  offset,
  key: Buffer.from("42"),
  value: value === null ? null : Buffer.from(value),
  headers: Object.entries(headers).map(([key, v]) => ({ key, value: Buffer.from(v) })),
});

/** A record's headers as text, by name. */
const headersOf = (r: OutboundRecord) =>
  Object.fromEntries((r.headers ?? []).map((h) => [h.key, String(h.value)]));

describe("stream worker", () => {
  test("valid records become scores in order; malformed ones go to the DLQ with reasons and provenance", async () => {
    const rt = await fixtureRuntime();
    const transport = new ScriptedTransport([
      {
        topic: "transactions",
        partition: 3,
        highWatermark: 110,
        messages: [
          msg(100, JSON.stringify(sampleTx({ transaction_id: 1 }))),
          msg(101, "{not json", { trace: "t-1" }),
          msg(102, JSON.stringify(sampleTx({ transaction_id: 2, tx_fraud: 1 }))),
          msg(103, null),
          msg(104, JSON.stringify(sampleTx({ transaction_id: 3, customer_id: 5 }))),
          msg(
            105,
            JSON.stringify(
              sampleTx({ transaction_id: 4, customer_id: 5, tx_datetime: "9999-01-01 00:00:00" }),
            ),
          ),
        ],
      },
    ]);
    const worker = createStreamWorker({
      ...rt,
      transport,
      topics: { scores: "scores", dlq: "transactions.dlq" },
    });
    await worker.start();
    expect(transport.failures).toEqual([]);
    const [out] = transport.committed;
    const scores = out!.filter((r) => r.topic === "scores");
    expect(scores.map((r) => [r.key, JSON.parse(String(r.value)).transaction_id])).toEqual([
      ["42", 1],
      ["5", 3],
    ]);
    expect(JSON.parse(String(scores[0]!.value))).toEqual({
      transaction_id: 1,
      customer_id: 42,
      terminal_id: 7,
      tx_datetime: "2019-09-21 13:45:00",
      score: expect.any(Number),
      decision: expect.stringMatching(/^(approve|decline)$/),
      threshold: 0.5,
      model_version: "v1",
      scored_at: "2026-01-01T00:00:00.000Z",
    });
    const dlq = out!.filter((r) => r.topic === "transactions.dlq");
    expect(
      dlq.map((r) => [
        headersOf(r)["x-source-offset"],
        headersOf(r)["x-error-code"],
        headersOf(r)["x-error-reason"],
      ]),
    ).toEqual([
      ["101", "INVALID_JSON", "invalid_json"],
      ["102", "INVALID_TRANSACTION", "label_field"],
      ["103", "INVALID_JSON", "empty_value"],
      ["105", "FUTURE_TRANSACTION", "future_datetime"],
    ]);
    expect(dlq[0]).toMatchObject({ key: Buffer.from("42"), value: Buffer.from("{not json") });
    expect(headersOf(dlq[0]!)).toMatchObject({
      trace: "t-1",
      "x-source-topic": "transactions",
      "x-source-partition": "3",
    });
    expect(await metricValue(rt.registry, METRIC.dlqMessages, { reason: "label_field" })).toBe(1);
    expect(
      await metricValue(rt.registry, METRIC.consumerLag, { topic: "transactions", partition: "3" }),
    ).toBe(4);
    // The far-future transaction never reached customer 5's window: only transaction 3 is in it.
    const [row] = await rt.featureRows([validTx(sampleTx({ transaction_id: 9, customer_id: 5 }))], rt.plan);
    expect(row![spec.names.indexOf("customer_nb_tx_1d")]).toBe(2);
  });

  test("an outage is waited out: nothing is dead-lettered and the batch is scored once it ends", async () => {
    const memory = new MemoryCustomerWindowStore(spec.customerWindows);
    let failuresLeft = 3;
    const flaky: CustomerWindowStore = {
      recordAndQuery: async (events) => {
        if (failuresLeft-- > 0) throw new Error("redis down");
        return memory.recordAndQuery(events);
      },
      ping: async () => true,
      close: async () => undefined,
    };
    const rt2 = await fixtureRuntime({ store: flaky });
    const transport = new ScriptedTransport([
      {
        topic: "transactions",
        partition: 0,
        highWatermark: 1,
        messages: [msg(0, JSON.stringify(sampleTx()))],
      },
    ]);
    const worker = createStreamWorker({
      ...rt2,
      transport,
      topics: { scores: "s", dlq: "d" },
      retryDelayMs: 1,
    });
    await worker.start();
    expect(transport.committed[0]!.map((r) => r.topic)).toEqual(["s"]);
    expect(
      await metricValue(rt2.registry, METRIC.scoringErrors, {
        path: "stream",
        code: "FEATURE_STORE_UNAVAILABLE",
      }),
    ).toBe(3);
    expect(await metricSamples(rt2.registry, METRIC.dlqMessages)).toEqual([]);
  });

  test("a persistent inference failure dead-letters each record after the retries instead of stalling", async () => {
    const rt = await fixtureRuntime();
    const model = rt.models.current!;
    model.onnx.predict = async () => {
      throw new Error("kernel failure");
    };
    const transport = new ScriptedTransport([
      {
        topic: "transactions",
        partition: 0,
        highWatermark: 2,
        messages: [msg(0, JSON.stringify(sampleTx())), msg(1, "x")],
      },
    ]);
    const worker = createStreamWorker({
      ...rt,
      transport,
      topics: { scores: "s", dlq: "d" },
      retryDelayMs: 1,
    });
    await worker.start();
    const out = transport.committed[0]!;
    expect(out.map((r) => [r.topic, headersOf(r)["x-error-code"]])).toEqual([
      ["d", "INVALID_JSON"],
      ["d", "SCORING_FAILED"],
    ]);
    expect(await metricSamples(rt.registry, METRIC.dlqMessages)).toEqual([
      { labels: { reason: "invalid_json" }, value: 1 },
      { labels: { reason: "scoring_failed" }, value: 1 },
    ]);
  });
});
