/**
 * Scoring benchmarks: `npm run bench` (prints figures; not a test).
 *   1. inference rows/s of the ONNX session (batches of 1000 rows)
 *   2. Redis feature store events/s (batches of 1000)
 *   3. stream: transactions/s end to end through a local Kafka broker with one worker process, and
 *      the baseline of its Kafka transport alone (echo-worker.ts: consume, copy, commit exactly once)
 *   4. HTTP (http-bench.ts): requests/s and p50/p99 latency of POST /v1/score with a bearer token
 *      under wrk, and the baseline of node:http answering a constant under the same wrk load
 * CPU per item of every process involved (worker or server, broker, Redis, load generator) comes
 * from /proc: on a 2-core machine they compete for the same cores, so the sum bounds the rate.
 * Uses a real bundle with `--bundle <demo folder>` or BENCH_MODELS_ROOT / BENCH_FEATURES_ROOT /
 * BENCH_MODEL_SIGNING_KEY, else a fixture bundle signed with a throwaway key. `--only http` runs
 * the HTTP part alone. Sizes: BENCH_STREAM_TX (default 600000), BENCH_HTTP_SECONDS (10),
 * BENCH_HTTP_CONNECTIONS (32).
 * KAFKA_PRODUCER (wire or kafkajs, default wire) picks the stream worker's transactional producer.
 * BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of each service process there (open in Chrome
 * DevTools or speedscope).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Registry } from "prom-client";
import { generatedSource } from "../../simulator/src/producer/sources";
import { startKafka } from "../../../scripts/local/src/kafka/start-kafka";
import { startRedis } from "../../../scripts/local/src/redis/start-redis";
import { freePort } from "../../../scripts/local/src/process/free-port";
import { DEFAULT_FEATURE_SPEC_PATH } from "../src/config/config";
import { loadFeatureSpec } from "../src/features/spec";
import { silentLogger } from "../src/log/logger";
import { createMetrics } from "../src/metrics/metrics";
import { LocalArtifactStore } from "../src/model/artifact-store";
import { createModelRegistry } from "../src/model/model-registry";
import { RedisCustomerWindowStore } from "../src/store/redis-customer-window-store";
import { writeFixtureBundle, writeFixtureSnapshot } from "../src/testing/bundle-fixture";
import { kafkaClient, createTopics } from "../test/integration/kafka-helpers";
import { tmpDir } from "../test/helpers";
import Redis from "ioredis";
import type { Admin } from "kafkajs";
import { METRIC } from "../src/metrics/names";
import { awaitCommitted } from "./committed-run";
import { counterTotal, histogramMean } from "./metrics-text";
import { peakRssMiB } from "./process-cpu";
import { benchHttp, type BenchRoots, realRoots } from "./http-bench";
import { benchTokens } from "./token-bench";
import { figures, fmt, report } from "./report";
import { testKeyPair } from "../src/testing/signing-keys";

/** The services run as shipped: compiled by tsc (the Dockerfile's build), not through tsx. */
const SERVICE_ROOT = path.resolve(__dirname, "..");
const MAIN = path.join(SERVICE_ROOT, "dist/main.js");
const STREAM_TX = Number(process.env.BENCH_STREAM_TX ?? 600_000);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const STREAM_PRODUCER = process.env.KAFKA_PRODUCER ?? "wire";
const spec = loadFeatureSpec(DEFAULT_FEATURE_SPEC_PATH);
/** Simulated transactions (handbook generator, 2,000 customers) as `transactions` topic values. */
function simulatedValues(count: number): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const day of generatedSource({ customers: 2000, terminals: 4000, days: 400, seed: 7 })) {
    for (const r of day) {
      const { transaction_id, tx_datetime, customer_id, terminal_id, tx_amount } = r;
      out.push({
        key: String(customer_id),
        value: JSON.stringify({ transaction_id, tx_datetime, customer_id, terminal_id, tx_amount }),
      });
      if (out.length >= count) return out;
    }
  }
  return out;
}

async function benchInference(roots: BenchRoots) {
  const metrics = createMetrics(new Registry());
  const registry = createModelRegistry({
    store: new LocalArtifactStore(roots.models),
    spec,
    signingKeys: [roots.signingPublicKeyPem],
    metrics,
    logger: silentLogger(),
  });
  await registry.refresh();
  const model = registry.current!;
  const rows = 1000;
  const buffer = new Float32Array(rows * spec.names.length).map((_, i) => (i * 7919) % 101);
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < 3000) {
    await model.onnx.predict(buffer, rows);
    done += rows;
  }
  report(
    `inference (model ${model.version}, batches of ${rows})`,
    `${fmt(done / ((performance.now() - started) / 1000))} rows/s`,
  );
}

async function benchRedis(url: string, values: { value: string }[]) {
  const redis = new Redis(url);
  const store = new RedisCustomerWindowStore(redis, {
    windowDays: spec.customerWindows,
    keyPrefix: "bench:",
    latenessSeconds: 86400,
    ttlSeconds: 86400 * 40,
  });
  const events = values.slice(0, 100_000).map((v) => {
    const t = JSON.parse(v.value);
    return {
      transactionId: t.transaction_id,
      customerId: t.customer_id,
      timeSeconds: Date.parse(`${t.tx_datetime.replace(" ", "T")}Z`) / 1000,
      amount: t.tx_amount,
    };
  });
  const started = performance.now();
  for (let i = 0; i < events.length; i += 1000) await store.recordAndQuery(events.slice(i, i + 1000));
  report(
    "redis customer windows (batches of 1000)",
    `${fmt(events.length / ((performance.now() - started) / 1000))} events/s`,
  );
  await redis.quit();
}

function buildService(): void {
  console.log("building the service (tsc, as the Dockerfile does)...");
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(SERVICE_ROOT, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
}

function startChild(command: "serve" | "stream", env: NodeJS.ProcessEnv): ChildProcess {
  const profile =
    PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`];
  return spawn(process.execPath, [...profile, "--enable-source-maps", MAIN, command], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/** The local servers' process groups (each runs under its watchdog, in a group of its own). */
interface ServerPids {
  broker: { group: number };
  redis: { group: number };
}

async function benchStream(
  servers: ServerPids,
  brokers: string,
  redisUrl: string,
  roots: BenchRoots,
  values: { key: string; value: string }[],
) {
  const kafka = kafkaClient([brokers]);
  const admin = kafka.admin();
  await admin.connect();
  const topics = { transactions: "bench-tx", scores: "bench-scores", dlq: "bench-dlq" };
  await createTopics(admin, Object.values(topics), 3);
  const producer = kafka.producer();
  await producer.connect();
  let started = performance.now();
  for (let i = 0; i < values.length; i += 5000) {
    await producer.send({ topic: topics.transactions, acks: -1, messages: values.slice(i, i + 5000) });
    if ((i / 5000) % 10 === 0) console.log(`  loading input ${fmt(i)}/${fmt(values.length)}`);
  }
  report(
    "input load (kafkajs producer, not the worker)",
    `${fmt(values.length / ((performance.now() - started) / 1000))} tx/s`,
  );
  await producer.disconnect();
  const group = "bench-worker";
  started = performance.now();
  const metricsPort = await freePort();
  const worker = startChild("stream", {
    MODELS_ROOT: roots.models,
    FEATURES_ROOT: roots.features,
    MODEL_SIGNING_PUBLIC_KEYS: roots.signingPublicKeyPem,
    // A replay of simulated history: the service clock starts after the last transaction.
    REPLAY_CLOCK_FROM: replayClockAfter(values),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: "bench-stream:",
    KAFKA_BROKERS: brokers,
    KAFKA_GROUP_ID: group,
    KAFKA_TRANSACTIONAL_ID: "bench-worker-0",
    KAFKA_TOPIC_TRANSACTIONS: topics.transactions,
    KAFKA_TOPIC_SCORES: topics.scores,
    KAFKA_TOPIC_DLQ: topics.dlq,
    KAFKA_PRODUCER: STREAM_PRODUCER,
    METRICS_PORT: String(metricsPort),
  });
  const run = await awaitCommitted(
    admin,
    group,
    topics.transactions,
    values.length,
    started,
    { name: "worker", process: worker },
    { broker: servers.broker, redis: servers.redis },
  );
  const label = `${STREAM_PRODUCER} producer`;
  report(
    `stream end to end, one worker (${label}), ${fmt(values.length)} tx (incl. ~startup)`,
    `${fmt(run.endToEnd)} tx/s`,
  );
  report(`stream steady state (${label}, commits from 1/4 to 3/4 of the input)`, `${fmt(run.steady)} tx/s`);
  report(`stream CPU per transaction (${label}, steady state)`, run.cpu);
  const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
  const rowsPerBatch = histogramMean(metrics, METRIC.inferenceBatchSize, 'path="stream"');
  const batches = counterTotal(metrics, `${METRIC.inferenceBatchSize}_count`, 'path="stream"');
  const transactions = counterTotal(metrics, METRIC.kafkaTransactions, 'result="committed"');
  const rss = peakRssMiB(worker.pid);
  report(
    "stream batches",
    `${fmt(rowsPerBatch ?? 0)} rows per partition batch, ${(batches / Math.max(1, transactions)).toFixed(2)} partition batches per Kafka transaction; worker peak RSS ${rss === undefined ? "n/a" : `${fmt(rss)} MiB`}`,
  );
  worker.kill("SIGTERM");
  await new Promise((r) => worker.once("exit", r));
  await benchTransportBaseline(admin, servers, brokers, topics.transactions, values.length);
  await admin.disconnect();
}

/** The worker's Kafka transport alone (bench/echo-worker.ts) over the same input. */
async function benchTransportBaseline(
  admin: Admin,
  servers: ServerPids,
  brokers: string,
  input: string,
  total: number,
) {
  const group = "bench-echo";
  const output = "bench-echo-out";
  await createTopics(admin, [output], 3);
  const started = performance.now();
  const echo = spawn(process.execPath, ["--import", "tsx", path.resolve(__dirname, "echo-worker.ts")], {
    env: {
      ...process.env,
      BROKERS: brokers,
      GROUP: group,
      TRANSACTIONAL_ID: "bench-echo-0",
      INPUT: input,
      OUTPUT: output,
      PRODUCER: STREAM_PRODUCER,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const run = await awaitCommitted(
    admin,
    group,
    input,
    total,
    started,
    { name: "echo worker", process: echo },
    { broker: servers.broker },
  );
  report(
    "baseline: the worker's Kafka transport alone, copying values (steady state)",
    `${fmt(run.steady)} tx/s; CPU per transaction: ${run.cpu}`,
  );
  echo.kill("SIGTERM");
  await new Promise((r) => echo.once("exit", r));
}

/** The newest transaction time of `values` as an ISO instant (their replay clock start). */
function replayClockAfter(values: readonly { value: string }[]): string {
  let latest = "";
  for (const v of values) {
    const t = (JSON.parse(v.value) as { tx_datetime: string }).tx_datetime;
    if (t > latest) latest = t;
  }
  return `${latest.replace(" ", "T")}Z`;
}

async function main() {
  console.log(
    `scoring benchmarks on ${process.env.BENCH_MACHINE_NOTE ?? "this machine"} (load average ${(
      await import("node:os")
    )
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
  );
  let roots = realRoots();
  if (roots === undefined) {
    roots = {
      models: tmpDir("bench-models"),
      features: tmpDir("bench-features"),
      signingPublicKeyPem: testKeyPair("model-signing").publicKeyPem,
    };
    writeFixtureBundle(roots.models, { version: "fixture", spec });
    writeFixtureSnapshot(roots.features, "2018-04-01", [], { specVersion: spec.version });
    console.log(
      "  (fixture logistic model and empty terminal snapshot; --bundle <demo folder> for the real ones)",
    );
  }
  const onlyHttp =
    process.argv.includes("--only") && process.argv[process.argv.indexOf("--only") + 1] === "http";
  buildService();
  console.log("simulating transactions...");
  const values = simulatedValues(STREAM_TX);
  const [redis, kafka] = await Promise.all([
    startRedis(),
    onlyHttp ? undefined : startKafka({ numPartitions: 3 }),
  ]);
  try {
    await benchInference(roots);
    benchTokens();
    if (kafka !== undefined) {
      await benchRedis(redis.url, values);
      const servers = { broker: { group: kafka.pid() }, redis: { group: redis.pid } };
      await benchStream(servers, kafka.bootstrapServers, redis.url, roots, values);
    }
    await benchHttp({
      redisUrl: redis.url,
      redis: { group: redis.pid },
      roots,
      values,
      startServe: (env) => startChild("serve", env),
    });
  } finally {
    await Promise.all([redis.stop(), kafka?.stop()]);
  }
  console.log("\nsummary");
  for (const [name, value] of figures) console.log(`  ${name.padEnd(70)} ${value}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
