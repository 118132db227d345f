/**
 * Scoring benchmarks: `npm run bench` (prints figures; not a test).
 *   1. inference rows/s of the ONNX session (batches of 1000 rows)
 *   2. Redis feature store events/s (batches of 1000)
 *   3. stream: transactions/s end to end through a local Kafka broker with one worker process
 *   4. HTTP: requests/s and p50/p99 latency of POST /v1/score under autocannon
 * Uses the real bundle when BENCH_MODELS_ROOT / BENCH_FEATURES_ROOT are set, else test fixtures.
 * Sizes: BENCH_STREAM_TX (default 200000), BENCH_HTTP_SECONDS (10), BENCH_HTTP_CONNECTIONS (32).
 * KAFKA_PRODUCER (wire or kafkajs, default wire) picks the stream worker's transactional producer.
 * BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of each service process there (open in Chrome
 * DevTools or speedscope).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
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

const MAIN = path.resolve(__dirname, "../src/main.ts");
const STREAM_TX = Number(process.env.BENCH_STREAM_TX ?? 200_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const HTTP_CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 32);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const STREAM_PRODUCER = process.env.KAFKA_PRODUCER ?? "wire";
const spec = loadFeatureSpec(DEFAULT_FEATURE_SPEC_PATH);
const figures: [string, string][] = [];
const report = (name: string, value: string) => {
  figures.push([name, value]);
  console.log(`  ${name}: ${value}`);
};
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

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

/**
 * CPU seconds (user + system) a child process has used so far, from /proc; undefined where there is
 * no /proc. Per-item CPU is the figure that stays comparable when other work shares the machine.
 */
function cpuSeconds(child: ChildProcess): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of proc(5) (utime, stime), counted from after the command name.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** USER_HZ: /proc reports CPU time in these ticks, 100 per second on Linux. */
const CLOCK_TICKS = 100;

const perItem = (cpu: number | undefined, items: number) =>
  cpu === undefined ? "n/a" : `${((cpu / items) * 1e6).toFixed(1)} µs`;

function startChild(command: "serve" | "stream", env: NodeJS.ProcessEnv): ChildProcess {
  const profile =
    PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`];
  return spawn(process.execPath, [...profile, "--import", "tsx", MAIN, command], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function benchStream(
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
  const committed = async () => {
    try {
      const [res] = await admin.fetchOffsets({ groupId: group, topics: [topics.transactions] });
      return (res?.partitions ?? []).reduce((acc, p) => acc + Math.max(0, Number(p.offset)), 0);
    } catch {
      return 0;
    }
  };
  started = performance.now();
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
    METRICS_PORT: String(await freePort()),
  });
  let first = 0;
  let firstAt = 0;
  let cpuAtFirst: number | undefined;
  let shownAt = 0;
  for (;;) {
    const n = await committed();
    if (n > 0 && firstAt === 0) {
      first = n;
      firstAt = performance.now();
      cpuAtFirst = cpuSeconds(worker);
    }
    if (performance.now() - shownAt > 2000 || n >= values.length) {
      shownAt = performance.now();
      console.log(`  stream committed ${fmt(n)}/${fmt(values.length)}`);
    }
    if (n >= values.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = performance.now();
  process.stdout.write("\n");
  report(
    `stream end to end, one worker (${STREAM_PRODUCER} producer), ${fmt(values.length)} tx (incl. ~startup)`,
    `${fmt(values.length / ((end - started) / 1000))} tx/s`,
  );
  report(
    `stream steady state (${STREAM_PRODUCER} producer, first commit to last)`,
    `${fmt((values.length - first) / ((end - firstAt) / 1000))} tx/s`,
  );
  const cpuAtEnd = cpuSeconds(worker);
  report(
    `stream worker CPU per transaction (${STREAM_PRODUCER} producer, steady state)`,
    perItem(
      cpuAtEnd === undefined || cpuAtFirst === undefined ? undefined : cpuAtEnd - cpuAtFirst,
      values.length - first,
    ),
  );
  worker.kill("SIGTERM");
  await new Promise((r) => worker.once("exit", r));
  await admin.disconnect();
}

async function benchHttp(
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
  const cpuBefore = cpuSeconds(server);
  let i = 0;
  const bodies = values.slice(0, 50_000).map((v) => v.value);
  const result = await autocannon({
    url: `${url}/v1/score`,
    method: "POST",
    headers: { "content-type": "application/json" },
    connections: HTTP_CONNECTIONS,
    duration: HTTP_SECONDS,
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
  report(
    `HTTP POST /v1/score (${HTTP_CONNECTIONS} connections, ${HTTP_SECONDS} s)`,
    `${fmt(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  const cpuAfter = cpuSeconds(server);
  report(
    "serve CPU per request",
    perItem(
      cpuAfter === undefined || cpuBefore === undefined ? undefined : cpuAfter - cpuBefore,
      result.requests.total,
    ),
  );
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
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
  console.log("simulating transactions...");
  const values = simulatedValues(STREAM_TX);
  const [redis, kafka] = await Promise.all([startRedis(), startKafka({ numPartitions: 3 })]);
  try {
    await benchInference(roots.models);
    await benchRedis(redis.url, values);
    await benchStream(kafka.bootstrapServers, redis.url, roots, values);
    await benchHttp(redis.url, roots, values);
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
