import type { ScoreMessage } from "@antifraud/contracts";
import {
  ensureTopics,
  freePort,
  instanceTopics,
  localConnection,
  produceValues,
  testKafkaBroker,
  waitUntil,
  withAdmin,
} from "@antifraud/local";
import { Registry } from "prom-client";
import { qualityConsumerDeps, qualitySourceSettings, runQuality } from "../../src/app/quality";
import { loadQualityConfig } from "../../src/config/config";
import { silentLogger } from "../../src/log/logger";
import { METRIC } from "../../src/metrics/names";
import { KafkaQualitySource } from "../../src/quality/kafka-quality-source";
import { createQualityConsumer, type QualityConsumer } from "../../src/quality/quality-consumer";
import { metricValue } from "../helpers";

jest.setTimeout(120_000);

const broker = testKafkaBroker();
const t = instanceTopics("quality");
const registry = new Registry();
let now = Date.UTC(2026, 0, 1);
let consumer: QualityConsumer | undefined;

/** A score as the stream worker writes it (the score contract), for the model version under test. */
const score = (transaction_id: number | string, decision: "approve" | "decline"): ScoreMessage => ({
  transaction_id,
  customer_id: 42,
  terminal_id: 7,
  tx_datetime: "2019-09-21 13:45:00",
  score: decision === "decline" ? 0.93 : 0.04,
  decision,
  threshold: 0.5,
  model_version: "v-it",
  scored_at: "2026-01-01T00:00:00.000Z",
});
const label = (transaction_id: number | string, tx_fraud: 0 | 1) => ({
  transaction_id,
  tx_fraud,
  labeled_at: "2026-01-08T00:00:00Z",
});
const records = (values: readonly object[]) => values.map((v) => ({ key: "42", value: JSON.stringify(v) }));
const value = (name: string, labels: Record<string, string> = {}) => metricValue(registry, name, labels);
const waitFor = (what: string, probe: () => Promise<boolean>) =>
  waitUntil(what, probe, { timeoutMs: 60_000, intervalMs: 100 });

beforeAll(async () => {
  await ensureTopics(localConnection(broker, "admin"), [t.scores, t.labels], 3);
});

afterAll(async () => {
  await consumer?.stop();
  await withAdmin(localConnection(broker, "admin"), async (admin) => {
    await admin.deleteGroups([t.group, `${t.group}-run`]).catch(() => undefined);
    await admin.deleteTopics({ topics: [t.scores, t.labels] });
  });
});

/** The environment the Pulumi program gives the quality pod, pointed at the local broker. */
function deployedEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const connection = localConnection(broker, "scoring-quality");
  if (connection.security.protocol !== "sasl_ssl")
    throw new Error("the quality test needs a SASL_SSL broker");
  const { security } = connection;
  return {
    KAFKA_BROKERS: connection.brokers.join(","),
    KAFKA_SECURITY_PROTOCOL: "sasl_ssl",
    KAFKA_SSL_CA_PATH: security.caFile,
    KAFKA_SASL_MECHANISM: security.mechanism,
    KAFKA_SASL_USERNAME: security.username,
    KAFKA_SASL_PASSWORD: security.password,
    KAFKA_TOPIC_SCORES: t.scores,
    KAFKA_TOPIC_LABELS: t.labels,
    QUALITY_KAFKA_GROUP_ID: t.group,
    ...overrides,
  };
}

test("quality over SASL_SSL: exact precision, recall, F1, declined share and unmatched counts", async () => {
  const config = loadQualityConfig(
    deployedEnv({
      QUALITY_SCORE_TTL_S: "60",
      QUALITY_LABEL_TTL_S: "30",
      QUALITY_WINDOW_S: "3600",
      QUALITY_SWEEP_INTERVAL_MS: "50",
    }),
  );
  const logger = silentLogger();
  consumer = createQualityConsumer(
    qualityConsumerDeps(config, {
      source: new KafkaQualitySource(qualitySourceSettings(config), logger),
      clock: () => new Date(now),
      registry,
      logger,
    }),
  );
  await consumer.start();

  // A score whose label comes after the score's wait (60 s of the injected clock) is over.
  await produceValues(
    localConnection(broker, "scoring-stream"),
    t.scores,
    records([score("late-1", "decline")]),
  );
  await waitFor(
    "the late score read",
    async () => (await value(METRIC.qualityPending, { side: "score" })) === 1,
  );
  now += 61_000;
  await waitFor(
    "the late score dropped",
    async () => (await value(METRIC.qualityUnmatched, { side: "score", reason: "ttl" })) === 1,
  );

  // 2 TP, 1 FP, 1 FN, 3 TN; the late label, a label without any score, and one breaking the contract.
  const served = [
    score(1, "decline"),
    score(2, "decline"),
    score(3, "decline"),
    score(4, "approve"),
    score(5, "approve"),
    score(6, "approve"),
    score(7, "approve"),
  ];
  const truth = [label(1, 1), label(2, 1), label(3, 0), label(4, 1), label(5, 0), label(6, 0), label(7, 0)];
  await produceValues(localConnection(broker, "ingest"), t.labels, [
    ...records([...truth.slice(0, 3), label("late-1", 1), label("no-score-1", 1), ...truth.slice(3)]),
    { key: "42", value: '{"transaction_id": 8, "tx_fraud": "yes"}' },
  ]);
  await produceValues(localConnection(broker, "scoring-stream"), t.scores, records(served));
  await waitFor("7 joined", async () => (await value(METRIC.qualityJoined, { model_version: "v-it" })) === 7);
  await waitFor(
    "2 labels waiting",
    async () => (await value(METRIC.qualityPending, { side: "label" })) === 2,
  );

  const v = { model_version: "v-it" };
  expect(await value(METRIC.qualityPrecision, v)).toBeCloseTo(2 / 3, 12);
  expect(await value(METRIC.qualityRecall, v)).toBeCloseTo(2 / 3, 12);
  expect(await value(METRIC.qualityF1, v)).toBeCloseTo(2 / 3, 12);
  expect(await value(METRIC.qualityDeclinedShare, v)).toBeCloseTo(3 / 7, 12);
  const outcomes = await Promise.all(
    ["tp", "fp", "fn", "tn"].map((outcome) => value(METRIC.qualityWindowTransactions, { ...v, outcome })),
  );
  expect(outcomes).toEqual([2, 1, 1, 3]);
  expect(await value(METRIC.qualityPending, { side: "score" })).toBe(0);
  expect(await value(METRIC.qualityUnmatched, { side: "score", reason: "ttl" })).toBe(1);
  expect(await value(METRIC.qualityInvalidRecords, { topic: "labels", code: "INVALID_LABEL_RECORD" })).toBe(
    1,
  );
  expect(consumer.ready).toBe(true);

  // The two labels without a score leave once their own wait (30 s) is over.
  now += 31_000;
  await waitFor(
    "the unmatched labels dropped",
    async () => (await value(METRIC.qualityUnmatched, { side: "label", reason: "ttl" })) === 2,
  );
  expect(await value(METRIC.qualityPending, { side: "label" })).toBe(0);
  expect(await value(METRIC.qualityJoined, v)).toBe(7);
});

test("the quality command serves /metrics, /healthz and /readyz and stops cleanly", async () => {
  const port = await freePort();
  const config = loadQualityConfig(
    deployedEnv({ QUALITY_KAFKA_GROUP_ID: `${t.group}-run`, METRICS_PORT: String(port) }),
  );
  const running = await runQuality(config, silentLogger());
  try {
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await waitFor("ready", async () => (await fetch(`${base}/readyz`)).status === 200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain(`${METRIC.qualityPending}{side="score"}`);
    expect(metrics).toContain("antifraud_process_process_cpu_seconds_total");
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  } finally {
    await running.stop();
  }
});
