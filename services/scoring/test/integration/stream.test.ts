import path from "node:path";
import { DLQ_HEADERS } from "@antifraud/contracts";
import { localConnection, produceValues, readCommitted, type KafkaHandle } from "@antifraud/local";
import { createRuntime, type Runtime } from "../../src/app/runtime";
import { kafkaTransportOptions } from "../../src/app/stream";
import { loadStreamConfig } from "../../src/config/config";
import { ScoringError } from "../../src/errors/catalogue";
import { silentLogger } from "../../src/log/logger";
import type { Scorer } from "../../src/scoring/scorer";
import { DLQ_MAX_RECORD_BYTES } from "../../src/stream/dlq-record";
import { KafkaTransport } from "../../src/stream/kafka-transport";
import { createStreamWorker, type StreamWorker } from "../../src/stream/stream-worker";
import { sampleTx } from "../helpers";
import { ensureRedis, privateKafka, type TestRedis } from "./services";
import {
  deployedEnv,
  exactlyOnce,
  fixtureRoots,
  ids,
  range,
  streamTopics,
  transactions,
  type StreamTopics,
} from "./stream-fixture";

jest.setTimeout(120_000);

let kafka: KafkaHandle;
let redis: TestRedis;
const roots = fixtureRoots();

beforeAll(async () => {
  [kafka, redis] = await Promise.all([privateKafka(), ensureRedis()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([kafka?.stop(), redis?.stop()]);
});

/** The worker in this process, configured from the deployed environment; `wrap` may inject faults. */
function inProcessWorker(t: StreamTopics, wrap: (scorer: Scorer) => Scorer = (s) => s) {
  const config = loadStreamConfig(deployedEnv({ kafka, redis, roots, topics: t, podName: `${t.group}-0` }));
  const logger = silentLogger();
  const runtime: Runtime = createRuntime(
    { ...config, FEATURE_SPEC_PATH: path.resolve(__dirname, "../../../contracts/features.json") },
    logger,
  );
  const transport = new KafkaTransport(kafkaTransportOptions(config, runtime.metrics, logger));
  const worker: StreamWorker = createStreamWorker({
    transport,
    scorer: wrap(runtime.scorer),
    validator: runtime.validator,
    topics: { scores: t.scores, dlq: t.dlq },
    metrics: runtime.metrics,
    logger,
    retryDelayMs: 10,
  });
  return {
    runtime,
    async start() {
      await runtime.start();
      await worker.start();
    },
    async stop() {
      await worker.stop();
      await runtime.close();
    },
  };
}

const ingest = () => localConnection(kafka, "ingest");
const reader = () => localConnection(kafka, "analytics");

test("N transactions in, exactly N scores out, traceable by id; malformed and oversize records dead-lettered with reasons", async () => {
  const t = await streamTopics(kafka, "exact");
  const n = 3000;
  const oversize = "x".repeat(1_000_000);
  const malformed = [
    { key: "1", value: "{not json" },
    { key: "2", value: JSON.stringify(sampleTx({ transaction_id: 900_001, tx_fraud: 1 })) },
    { key: "3", value: JSON.stringify(sampleTx({ transaction_id: 900_002, tx_amount: -5 })) },
    { key: "4", value: "" },
    { key: "5", value: oversize },
  ];
  await produceValues(ingest(), t.transactions, [
    ...transactions(n / 2),
    ...malformed,
    ...transactions(n / 2, n / 2),
  ]);
  const worker = inProcessWorker(t);
  await worker.start();
  try {
    const out = await readCommitted(reader(), [t.scores, t.dlq], n + malformed.length, { timeoutMs: 60_000 });
    const scores = out.filter((r) => r.topic === t.scores);
    expect(exactlyOnce(scores, n)).toEqual({ duplicates: [], missing: [] });
    expect(ids(scores)).toEqual(range(n));
    for (const s of scores.slice(0, 50)) expect(s.key).toBe(String(JSON.parse(s.value).customer_id));
    const dlq = out.filter((r) => r.topic === t.dlq);
    const summary = dlq
      .map((r) => [
        r.key,
        r.value.length > 10_000 ? `${r.value.length} bytes` : r.value,
        r.headers[DLQ_HEADERS.errorCode],
        r.headers[DLQ_HEADERS.errorReason],
        r.headers[DLQ_HEADERS.truncatedFrom] ?? null,
      ])
      .sort();
    const kept = DLQ_MAX_RECORD_BYTES - 64;
    expect(summary.map((row) => row.slice(0, 4))).toEqual(
      [
        ["1", "{not json", "INVALID_JSON", "invalid_json"],
        ["2", malformed[1]!.value, "INVALID_TRANSACTION", "label_field"],
        ["3", malformed[2]!.value, "INVALID_TRANSACTION", "bad_amount"],
        ["4", "", "INVALID_JSON", "empty_value"],
        ["5", expect.stringMatching(/^\d+ bytes$/), "INVALID_JSON", "invalid_json"],
      ].sort(),
    );
    const truncated = dlq.find((r) => r.key === "5")!;
    expect(truncated.headers[DLQ_HEADERS.truncatedFrom]).toBe("1000000");
    expect(truncated.value.length).toBeLessThanOrEqual(kept);
    expect(oversize.startsWith(truncated.value)).toBe(true);
    expect(dlq.filter((r) => r.key !== "5").map((r) => r.headers[DLQ_HEADERS.truncatedFrom])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    for (const r of dlq) {
      expect(r.headers[DLQ_HEADERS.sourceTopic]).toBe(t.transactions);
      expect(Number(r.headers[DLQ_HEADERS.sourceOffset])).toBeGreaterThanOrEqual(0);
    }
  } finally {
    await worker.stop();
  }
});

test("a record that parses but fails scoring is dead-lettered alone; the rest of its batch is scored", async () => {
  const t = await streamTopics(kafka, "poison");
  const n = 2000;
  const poison = new Set([777, 1501]);
  await produceValues(ingest(), t.transactions, transactions(n));
  let calls = 0;
  // A scorer bug that only these transactions trigger (e.g. a value the model cannot take).
  const worker = inProcessWorker(t, (scorer) => ({
    ...scorer,
    async score(txs, scoringPath) {
      calls++;
      if (txs.some((tx) => poison.has(Number(tx.transactionId)))) {
        throw new ScoringError("SCORING_FAILED", "inference rejected the row");
      }
      return scorer.score(txs, scoringPath);
    },
  }));
  await worker.start();
  try {
    const out = await readCommitted(reader(), [t.scores, t.dlq], n, { timeoutMs: 60_000 });
    const scores = out.filter((r) => r.topic === t.scores);
    expect(exactlyOnce(scores, n)).toEqual({ duplicates: [], missing: [...poison] });
    const dlq = out.filter((r) => r.topic === t.dlq);
    expect(
      dlq
        .map((r) => [
          JSON.parse(r.value).transaction_id,
          r.headers[DLQ_HEADERS.errorCode],
          r.headers[DLQ_HEADERS.errorReason],
        ])
        .sort(),
    ).toEqual([
      [1501, "SCORING_FAILED", "scoring_failed"],
      [777, "SCORING_FAILED", "scoring_failed"],
    ]);
    // Bisection, not one call per record: a handful of calls per poisoned batch.
    expect(calls).toBeLessThan(200);
  } finally {
    await worker.stop();
  }
});
