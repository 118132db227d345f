import { spawn } from "node:child_process";
import path from "node:path";
import type { Kafka } from "kafkajs";
import type { KafkaHandle } from "../../../../scripts/local/src/kafka/start-kafka";
import { createRuntime, type Runtime } from "../../src/app/runtime";
import { partitionForKey } from "../../src/kafka-wire/murmur2-partitioner";
import { silentLogger } from "../../src/log/logger";
import type { ProducerKind } from "../../src/stream/batch-producer";
import { KafkajsTransport } from "../../src/stream/kafkajs-transport";
import { createStreamWorker, type StreamWorker } from "../../src/stream/stream-worker";
import { testKeyPair } from "../../src/testing/signing-keys";
import { writeFixtureBundle, writeFixtureSnapshot } from "../../src/testing/bundle-fixture";
import { sampleTx, spec, tmpDir } from "../helpers";
import { consumeCommitted, createTopics, kafkaClient, produceValues } from "./kafka-helpers";
import { ensureRedis, privateKafka, uniquePrefix } from "./services";

jest.setTimeout(90_000);

let kafka: KafkaHandle;
let redis: Awaited<ReturnType<typeof ensureRedis>>;
let client: Kafka;
const modelsRoot = tmpDir("it-models");
const featuresRoot = tmpDir("it-features");

beforeAll(async () => {
  [kafka, redis] = await Promise.all([privateKafka(), ensureRedis()]);
  client = kafkaClient([kafka.bootstrapServers]);
  writeFixtureBundle(modelsRoot, { version: "v1", spec });
  writeFixtureSnapshot(
    featuresRoot,
    "2019-09-20",
    [{ terminal_id: 7, day: "2019-09-10", tx_count: 10, fraud_count: 2 }],
    { specVersion: spec.version },
  );
}, 120_000);
afterAll(async () => {
  await Promise.all([kafka?.stop(), redis?.stop()]);
});

function topicsFor(name: string) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    transactions: `tx-${name}-${suffix}`,
    scores: `scores-${name}-${suffix}`,
    dlq: `dlq-${name}-${suffix}`,
    group: `g-${name}-${suffix}`,
  };
}

function env(t: ReturnType<typeof topicsFor>, keyPrefix: string): NodeJS.ProcessEnv {
  return {
    KAFKA_PRODUCER: "wire",
    MODELS_ROOT: modelsRoot,
    FEATURES_ROOT: featuresRoot,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: keyPrefix,
    KAFKA_BROKERS: kafka.bootstrapServers,
    KAFKA_GROUP_ID: t.group,
    KAFKA_TRANSACTIONAL_ID: `${t.group}-worker-0`,
    KAFKA_TOPIC_TRANSACTIONS: t.transactions,
    KAFKA_TOPIC_SCORES: t.scores,
    KAFKA_TOPIC_DLQ: t.dlq,
    KAFKA_SESSION_TIMEOUT_MS: "6000",
    METRICS_PORT: "0",
    LOG_LEVEL: "warn",
    MODEL_SIGNING_PUBLIC_KEYS: testKeyPair("model-signing").publicKeyPem,
  };
}

const transactions = (n: number, from = 0) =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    // About one transaction per customer every 30 minutes, in time order, like the simulator's stream.
    const tx = sampleTx({
      transaction_id: i,
      customer_id: i % 997,
      terminal_id: i % 13,
      tx_amount: 1 + (i % 500),
      tx_datetime: new Date(Date.UTC(2019, 8, 21) + i * 1800).toISOString().slice(0, 19).replace("T", " "),
    });
    return { key: String(tx.customer_id), value: JSON.stringify(tx) };
  });

function inProcessWorker(
  t: ReturnType<typeof topicsFor>,
  producer: ProducerKind,
): { runtime: Runtime; worker: StreamWorker } {
  const e = env(t, uniquePrefix("inproc"));
  const logger = silentLogger();
  const runtime = createRuntime(
    {
      MODELS_ROOT: modelsRoot,
      FEATURES_ROOT: featuresRoot,
      FEATURE_SPEC_PATH: path.resolve(__dirname, "../../../contracts/features.json"),
      RELOAD_INTERVAL_MS: 60_000,
      S3_ENDPOINT: "http://127.0.0.1:1",
      S3_REGION: "local",
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: e.REDIS_KEY_PREFIX!,
      CUSTOMER_WINDOW_LATENESS_S: 86400,
      CUSTOMER_WINDOW_TTL_S: 86400 * 40,
      CUSTOMER_WINDOW_CACHE_CUSTOMERS: 10_000,
      REDIS_COMMAND_TIMEOUT_MS: 5000,
      TX_MAX_FUTURE_SKEW_S: 300,
      REPLAY_CLOCK_FROM: undefined,
      MODEL_SIGNING_PUBLIC_KEYS: [testKeyPair("model-signing").publicKeyPem],
    },
    logger,
  );
  const transport = new KafkajsTransport({
    brokers: [kafka.bootstrapServers],
    clientId: "it",
    groupId: t.group,
    transactionalId: `${t.group}-tx`,
    inputTopic: t.transactions,
    producer,
    sessionTimeoutMs: 6000,
    metrics: runtime.metrics,
    logger,
  });
  const worker = createStreamWorker({
    transport,
    scorer: runtime.scorer,
    validator: runtime.validator,
    topics: { scores: t.scores, dlq: t.dlq },
    metrics: runtime.metrics,
    logger,
  });
  return { runtime, worker };
}

const ids = (records: { value: string }[]) =>
  records.map((r) => JSON.parse(r.value).transaction_id as number).sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test.each(["wire", "kafkajs"] as const)(
  "%s producer: N transactions in, exactly N scores out, traceable by id; malformed records land in the DLQ with reasons",
  async (producer) => {
    const t = topicsFor(`exact-${producer}`);
    const admin = client.admin();
    await admin.connect();
    await createTopics(admin, [t.transactions, t.scores, t.dlq]);
    await admin.disconnect();
    const n = 3000;
    const malformed = [
      { key: "1", value: "{not json" },
      { key: "2", value: JSON.stringify(sampleTx({ transaction_id: "m1", tx_fraud: 1 })) },
      { key: "3", value: JSON.stringify(sampleTx({ transaction_id: "m2", tx_amount: -5 })) },
      { key: "4", value: "" },
    ];
    await produceValues(client, t.transactions, [
      ...transactions(n / 2),
      ...malformed,
      ...transactions(n / 2, n / 2),
    ]);
    const { runtime, worker } = inProcessWorker(t, producer);
    await runtime.start();
    await worker.start();
    try {
      const out = await consumeCommitted(client, [t.scores, t.dlq], n + malformed.length, {
        timeoutMs: 40_000,
      });
      const scores = out.filter((r) => r.topic === t.scores);
      expect(ids(scores)).toEqual(range(n));
      for (const s of scores.slice(0, 50)) expect(s.key).toBe(String(JSON.parse(s.value).customer_id));
      // Both producers place a key where kafkajs's DefaultPartitioner (Java's murmur2) does.
      const misplaced = scores.filter((s) => s.partition !== partitionForKey(s.key!, 3));
      expect(misplaced).toEqual([]);
      const dlq = out.filter((r) => r.topic === t.dlq);
      expect(
        dlq.map((r) => [r.value, r.headers["x-error-code"], r.headers["x-error-reason"]]).sort(),
      ).toEqual(
        [
          ["", "INVALID_JSON", "empty_value"],
          ["{not json", "INVALID_JSON", "invalid_json"],
          [malformed[1]!.value, "INVALID_TRANSACTION", "label_field"],
          [malformed[2]!.value, "INVALID_TRANSACTION", "bad_amount"],
        ].sort(),
      );
      for (const r of dlq) {
        expect(r.headers["x-source-topic"]).toBe(t.transactions);
        expect(r.key).toBe(malformed.find((m) => m.value === r.value)!.key);
        expect(Number(r.headers["x-source-offset"])).toBeGreaterThanOrEqual(0);
      }
    } finally {
      await worker.stop();
      await runtime.close();
    }
  },
);

test("wire producer: a broker restart mid-stream loses and duplicates nothing", async () => {
  const t = topicsFor("restart");
  const admin = client.admin();
  await admin.connect();
  await createTopics(admin, [t.transactions, t.scores, t.dlq]);
  await admin.disconnect();
  const { runtime, worker } = inProcessWorker(t, "wire");
  await runtime.start();
  await worker.start();
  try {
    await produceValues(client, t.transactions, transactions(2000));
    await new Promise((r) => setTimeout(r, 1000));
    await kafka.restart();
    await produceValues(client, t.transactions, transactions(2000, 2000));
    const out = await consumeCommitted(client, [t.scores], 4000, { timeoutMs: 60_000 });
    const got = new Set(ids(out));
    const missing = range(4000).filter((i) => !got.has(i));
    expect({ received: out.length, missing: missing.length, firstMissing: missing.slice(0, 5) }).toEqual({
      received: 4000,
      missing: 0,
      firstMissing: [],
    });
    expect(ids(out)).toEqual(range(4000));
  } finally {
    await worker.stop();
    await runtime.close();
  }
}, 120_000);

test("wire producer: SIGKILLed three times mid-stream, the restarted worker still commits exactly one score per transaction", async () => {
  const t = topicsFor("kill");
  const admin = client.admin();
  await admin.connect();
  await createTopics(admin, [t.transactions, t.scores, t.dlq]);
  await admin.disconnect();
  const n = 20_000;
  await produceValues(client, t.transactions, transactions(n));
  const main = path.resolve(__dirname, "../../src/main.ts");
  // Small fetches: many small transactions, so every kill lands between or inside them.
  const workerEnv = {
    ...process.env,
    ...env(t, uniquePrefix("kill")),
    KAFKA_MAX_BYTES_PER_PARTITION: "32768",
  };
  const startWorker = () => {
    const child = spawn(process.execPath, ["--import", "tsx", main, "stream"], {
      env: workerEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const keep = (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, exited, stderr: () => stderr };
  };
  const admin2 = client.admin();
  await admin2.connect();
  const committedOffsets = async (): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const [res] = await admin2.fetchOffsets({ groupId: t.group, topics: [t.transactions] });
        return (res?.partitions ?? []).reduce((acc, p) => acc + Math.max(0, Number(p.offset)), 0);
      } catch (err) {
        // The group coordinator may be loading right after a worker died; that is transient.
        if (attempt >= 50) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const progress: number[] = [];
  try {
    for (let kill = 0; kill < 3; kill++) {
      const worker = startWorker();
      const before = await committedOffsets();
      // Kill once it has committed something new, so each kill lands mid-stream.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && (await committedOffsets()) <= before)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 100));
      worker.child.kill("SIGKILL");
      await worker.exited;
      progress.push(await committedOffsets());
      if (progress[kill]! <= before)
        throw new Error(`worker made no progress before kill ${kill}:\n${worker.stderr()}`);
    }
    expect(progress[2]).toBeLessThan(n);
    const last = startWorker();
    try {
      const out = await consumeCommitted(client, [t.scores], n, { timeoutMs: 60_000, settleMs: 2000 });
      expect(out).toHaveLength(n);
      expect(ids(out)).toEqual(range(n));
    } finally {
      last.child.kill("SIGTERM");
      expect(await last.exited).toBe(0);
    }
  } finally {
    await admin2.disconnect();
  }
});
