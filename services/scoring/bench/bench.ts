/**
 * Scoring benchmarks: `npm run bench` (prints figures; not a test).
 *   1. inference rows/s of the ONNX session (batches of 1000 rows)
 *   2. Redis feature store events/s (batches of 1000)
 *   3. stream (stream-bench.ts): transactions/s end to end through a local SASL_SSL broker with one
 *      worker process, the cost of the measurement, and transport-alone baselines (the worker's
 *      librdkafka transport and kafkajs, each consuming, copying and committing exactly once)
 *   4. HTTP: requests/s and p50/p99 latency of POST /v1/score under autocannon, and the baseline of
 *      node:http answering a constant under the same load (empty-http-server.ts)
 * CPU per item of every process involved (worker or server, broker, Redis, load generator) comes
 * from /proc: on a 2-core machine they compete for the same cores, so the sum bounds the rate.
 * Scores with a real trained bundle (real-bundle.ts: trained once and cached; `--bundle DIR` uses
 * another). Sizes: BENCH_STREAM_TX (default 600000), BENCH_HTTP_SECONDS (10), BENCH_HTTP_CONNECTIONS (32).
 * BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of each service process there (open in Chrome
 * DevTools or speedscope).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { Registry } from "prom-client";
import { generatedSource } from "../../simulator/src/producer/sources";
import { startKafka } from "../../../scripts/local/src/kafka/start-kafka";
import { startRedis, type RedisHandle } from "../../../scripts/local/src/redis/start-redis";
import { freePort } from "../../../scripts/local/src/process/free-port";
import { DEFAULT_FEATURE_SPEC_PATH } from "../src/config/config";
import { loadFeatureSpec } from "../src/features/spec";
import { silentLogger } from "../src/log/logger";
import { createMetrics } from "../src/metrics/metrics";
import { LocalArtifactStore } from "../src/model/artifact-store";
import { createModelRegistry } from "../src/model/model-registry";
import { RedisCustomerWindowStore } from "../src/store/redis-customer-window-store";
import Redis from "ioredis";
import { METRIC } from "../src/metrics/names";
import { histogramMean } from "./metrics-text";
import { cpuOf, cpuPerItem, type Measured } from "./process-cpu";
import { benchBundle } from "./real-bundle";
import { figures, fmt, report } from "./report";
import { benchStreamSuite } from "./stream-bench";

/** The services run as shipped: compiled by tsc (the Dockerfile's build), not through tsx. */
const SERVICE_ROOT = path.resolve(__dirname, "..");
const MAIN = path.join(SERVICE_ROOT, "dist/main.js");
const STREAM_TX = Number(process.env.BENCH_STREAM_TX ?? 600_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const HTTP_CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 32);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
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

async function benchRedis(handle: RedisHandle, values: { value: string }[]) {
  const redis = new Redis(handle.url, { tls: { ca: readFileSync(handle.caFile!, "utf8") } });
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
  console.log("building the service and its contracts (tsc, as the Dockerfile does)...");
  for (const project of [
    path.join(SERVICE_ROOT, "../contracts/tsconfig.build.json"),
    path.join(SERVICE_ROOT, "tsconfig.build.json"),
  ]) {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project], {
      stdio: "inherit",
    });
  }
}

function startChild(command: "serve" | "stream", env: NodeJS.ProcessEnv): ChildProcess {
  const profile =
    PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`];
  return spawn(
    process.execPath,
    [...profile, "--enable-source-maps", "--conditions=antifraud-compiled", MAIN, command],
    {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
}

/** The local servers' process groups (each runs under its watchdog, in a group of its own). */
interface ServerPids {
  broker: { group: number };
  redis: { group: number };
}

async function benchHttp(
  servers: ServerPids,
  redis: RedisHandle,
  roots: { models: string; features: string },
  values: { value: string }[],
) {
  const port = await freePort();
  const server = startChild("serve", {
    MODELS_ROOT: roots.models,
    FEATURES_ROOT: roots.features,
    REDIS_URL: redis.url,
    REDIS_TLS_CA_PATH: redis.caFile,
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
  const bundleFlag = process.argv.indexOf("--bundle");
  const bundle = await benchBundle(bundleFlag >= 0 ? process.argv[bundleFlag + 1] : undefined);
  console.log(`  bundle (${bundle.origin})`);
  const roots = { models: bundle.models, features: bundle.features };
  buildService();
  console.log("simulating transactions...");
  const values = simulatedValues(STREAM_TX);
  const [redis, kafka] = await Promise.all([startRedis(), startKafka({ numPartitions: 3 })]);
  try {
    await benchInference(roots.models);
    await benchRedis(redis, values);
    const servers = { broker: { group: kafka.pid() }, redis: { group: redis.pid() } };
    await benchStreamSuite({ kafka, redis, bundle, values, startWorker: (env) => startChild("stream", env) });
    await benchHttp(servers, redis, roots, values);
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
