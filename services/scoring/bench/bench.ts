/**
 * Scoring benchmarks: `npm run bench` (prints figures; not a test).
 *   1. inference rows/s of the ONNX session (batches of 1000 rows)
 *   2. Redis feature store events/s (batches of 1000)
 *   3. stream (stream-bench.ts): transactions/s end to end through a local SASL_SSL broker with one
 *      worker process, the cost of the measurement, and transport-alone baselines (the worker's
 *      librdkafka transport and kafkajs, each consuming, copying and committing exactly once)
 *   4. HTTP (http-bench.ts): requests/s and p50/p99 latency of POST /v1/score with a bearer token
 *      under wrk, and the baseline of node:http answering a constant under the same wrk load
 * CPU per item of every process involved (worker or server, broker, Redis, load generator) comes
 * from /proc: on a 2-core machine they compete for the same cores, so the sum bounds the rate.
 * Scores with a real trained bundle (real-bundle.ts: trained once and cached; `--bundle DIR` uses
 * another). `--only http` runs the HTTP part alone. Sizes: BENCH_STREAM_TX (default 600000),
 * BENCH_HTTP_SECONDS (10), BENCH_HTTP_CONNECTIONS (32).
 * BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of each service process there (open in Chrome
 * DevTools or speedscope).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Registry } from "prom-client";
import { generatedSource } from "@antifraud/simulator";
import { startKafka, startRedis, type RedisHandle } from "@antifraud/local";
import { DEFAULT_FEATURE_SPEC_PATH } from "../src/config/config";
import { loadFeatureSpec } from "../src/features/spec";
import { silentLogger } from "../src/log/logger";
import { createMetrics } from "../src/metrics/metrics";
import { LocalArtifactStore } from "../src/artifacts/artifact-store";
import { createModelRegistry } from "../src/model/model-registry";
import { RedisCustomerWindowStore } from "../src/store/redis-customer-window-store";
import Redis from "ioredis";
import { benchHttp } from "./http-bench";
import { benchBundle, type BenchBundle } from "./real-bundle";
import { figures, fmt, report } from "./report";
import { benchStreamSuite } from "./stream-bench";
import { benchTokens } from "./token-bench";

/** The services run as shipped: compiled by tsc (the Dockerfile's build), not through tsx. */
const SERVICE_ROOT = path.resolve(__dirname, "..");
const MAIN = path.join(SERVICE_ROOT, "dist/main.js");
const STREAM_TX = Number(process.env.BENCH_STREAM_TX ?? 600_000);
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

async function benchInference(bundle: BenchBundle) {
  const metrics = createMetrics(new Registry());
  const registry = createModelRegistry({
    store: new LocalArtifactStore(bundle.models),
    spec,
    signingKeys: [bundle.signingPublicKeyPem],
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
  const only = process.argv.indexOf("--only");
  const onlyHttp = only >= 0 && process.argv[only + 1] === "http";
  buildService();
  console.log("simulating transactions...");
  const values = simulatedValues(STREAM_TX);
  const [redis, kafka] = await Promise.all([
    startRedis(),
    onlyHttp ? undefined : startKafka({ numPartitions: 3 }),
  ]);
  try {
    await benchInference(bundle);
    benchTokens();
    if (kafka !== undefined) {
      await benchRedis(redis, values);
      await benchStreamSuite({
        kafka,
        redis,
        bundle,
        values,
        startWorker: (env) => startChild("stream", env),
      });
    }
    await benchHttp({
      redisUrl: redis.url,
      redisCaFile: redis.caFile!,
      redis: { group: redis.pid() },
      roots: bundle,
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
