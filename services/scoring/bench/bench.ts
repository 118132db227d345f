/**
 * Scoring benchmarks: `npm run bench` (prints figures; not a test).
 *   1. inference rows/s of the ONNX session (batches of 1000 rows)
 *   2. Redis feature store events/s (batches of 1000)
 *   3. stream: transactions/s end to end through a local Kafka broker with one worker process, and
 *      the baseline of its Kafka transport alone (echo-worker.ts: consume, copy, commit exactly once)
 *   4. HTTP: requests/s and p50/p99 latency of POST /v1/score under autocannon, and the baseline of
 *      node:http answering a constant under the same load (empty-http-server.ts)
 * CPU per item of every process involved (worker or server, broker, Redis, load generator) comes
 * from /proc: on a 2-core machine they compete for the same cores, so the sum bounds the rate.
 * Uses the real bundle when BENCH_MODELS_ROOT / BENCH_FEATURES_ROOT are set, else test fixtures.
 * Sizes: BENCH_STREAM_TX (default 600000), BENCH_HTTP_SECONDS (10), BENCH_HTTP_CONNECTIONS (32).
 * KAFKA_PRODUCER (wire or kafkajs, default wire) picks the stream worker's transactional producer.
 * BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of each service process there (open in Chrome
 * DevTools or speedscope).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
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
import { cpuOf, cpuPerItem, type Measured, peakRssMiB } from "./process-cpu";
import { figures, fmt, report } from "./report";

/** The services run as shipped: compiled by tsc (the Dockerfile's build), not through tsx. */
const SERVICE_ROOT = path.resolve(__dirname, "..");
const MAIN = path.join(SERVICE_ROOT, "dist/main.js");
const STREAM_TX = Number(process.env.BENCH_STREAM_TX ?? 600_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const HTTP_CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 32);
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

async function benchInference(modelsRoot: string) {
  const metrics = createMetrics(new Registry());
  const registry = createModelRegistry({
    store: new LocalArtifactStore(modelsRoot),
    spec,
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
  roots: { models: string; features: string },
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

async function benchHttp(
  servers: ServerPids,
  redisUrl: string,
  roots: { models: string; features: string },
  values: { value: string }[],
) {
  const port = await freePort();
  const server = startChild("serve", {
    MODELS_ROOT: roots.models,
    FEATURES_ROOT: roots.features,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: "bench-http:",
    HTTP_PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 300) throw new Error("serve did not become ready");
    await new Promise((r) => setTimeout(r, 100));
  }
  const bodies = values.slice(0, 50_000).map((v) => v.value);
  report(
    `HTTP POST /v1/score (${HTTP_CONNECTIONS} connections, ${HTTP_SECONDS} s)`,
    await loadHttp(`${url}/v1/score`, bodies, { serve: server, redis: servers.redis }),
  );
  const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
  report(
    "HTTP micro-batches",
    `${(histogramMean(metrics, METRIC.inferenceBatchSize, 'path="http"') ?? 0).toFixed(1)} requests per scorer call`,
  );
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));

  const baselinePort = await freePort();
  const baseline = spawn(
    process.execPath,
    ["--import", "tsx", path.resolve(__dirname, "empty-http-server.ts"), String(baselinePort)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  await new Promise((resolve) => baseline.once("message", resolve));
  report(
    "baseline: node:http parsing the body and answering a constant (same load)",
    await loadHttp(`http://127.0.0.1:${baselinePort}/`, bodies, { server: baseline }),
  );
  baseline.kill("SIGTERM");
  await new Promise((r) => baseline.once("exit", r));
}

/** autocannon with the bench's connections and duration, POSTing `bodies` in turn; rates, latency, CPU. */
async function loadHttp(url: string, bodies: string[], processes: Record<string, Measured>): Promise<string> {
  const measured = { ...processes, "load generator": { pid: process.pid } };
  const cpuBefore = cpuOf(measured);
  let i = 0;
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    connections: HTTP_CONNECTIONS,
    duration: HTTP_SECONDS,
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
  const cpu = cpuPerItem(cpuBefore, cpuOf(measured), result.requests.total);
  return `${fmt(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}; CPU per request: ${cpu}`;
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
  let roots = {
    models: process.env.BENCH_MODELS_ROOT ?? "",
    features: process.env.BENCH_FEATURES_ROOT ?? "",
  };
  if (!roots.models || !roots.features) {
    roots = { models: tmpDir("bench-models"), features: tmpDir("bench-features") };
    writeFixtureBundle(roots.models, { version: "fixture", spec });
    writeFixtureSnapshot(roots.features, "2018-04-01", [], { specVersion: spec.version });
    console.log(
      "  (fixture logistic model and empty terminal snapshot; set BENCH_MODELS_ROOT/BENCH_FEATURES_ROOT for real ones)",
    );
  }
  buildService();
  console.log("simulating transactions...");
  const values = simulatedValues(STREAM_TX);
  const [redis, kafka] = await Promise.all([startRedis(), startKafka({ numPartitions: 3 })]);
  try {
    await benchInference(roots.models);
    await benchRedis(redis.url, values);
    const servers = { broker: { group: kafka.pid() }, redis: { group: redis.pid } };
    await benchStream(servers, kafka.bootstrapServers, redis.url, roots, values);
    await benchHttp(servers, redis.url, roots, values);
  } finally {
    await Promise.all([redis.stop(), kafka.stop()]);
  }
  console.log("\nsummary");
  for (const [name, value] of figures) console.log(`  ${name.padEnd(70)} ${value}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
