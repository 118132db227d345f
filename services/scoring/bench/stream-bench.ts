/**
 * The stream part of `npm run bench`, on the production protocol: a SASL_SSL broker with SCRAM users
 * and ACLs, TLS Redis with a password, one worker process (compiled, as shipped) with the env the
 * Pulumi program sets, the real trained bundle. Prints: end-to-end and steady-state tx/s, CPU per
 * transaction of worker, broker and Redis, what the offset polling of the measurement itself costs,
 * and two transport-alone baselines over the same SASL_SSL listener: the worker's own librdkafka
 * transport copying values, and kafkajs 2.2.4 doing the same.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import {
  committedCounter,
  ensureTopics,
  freePort,
  instanceTopics,
  localConnection,
  type KafkaHandle,
  type RedisHandle,
} from "@antifraud/local";
import type { KafkaConnection } from "@antifraud/contracts";
import { createKafkaSender, type Compression } from "@antifraud/simulator";
import { METRIC } from "../src/metrics/names";
import { deployedEnv } from "../test/integration/stream-fixture";
import { awaitCommitted, POLL_INTERVAL_MS, type CommittedOffsets } from "./committed-run";
import { counterTotal, histogramMean } from "./metrics-text";
import { cpuSeconds, peakRssMiB } from "./process-cpu";
import type { BenchBundle } from "./real-bundle";
import { fmt, report } from "./report";

export interface StreamBenchContext {
  kafka: KafkaHandle;
  redis: RedisHandle;
  bundle: BenchBundle;
  values: readonly { key: string; value: string }[];
  /** Starts `main.js stream` (compiled) with `env` on top of the bench's environment. */
  startWorker(env: NodeJS.ProcessEnv): ChildProcess;
}

/** One client kept open for the whole run, answering the group's committed offsets. */
async function offsetPoller(connection: KafkaConnection, group: string, topic: string) {
  const counter = committedCounter(connection);
  const committed: CommittedOffsets = () => counter.count(group, topic).catch(() => 0);
  return { committed, close: () => counter.close() };
}

async function load(
  connection: KafkaConnection,
  topic: string,
  values: StreamBenchContext["values"],
  compression: Compression,
): Promise<number> {
  const sender = await createKafkaSender({ connection, compression, clientId: "bench-input" });
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < values.length; i += 5000) {
    const sent = sender.send(topic, values.slice(i, i + 5000));
    inFlight.add(sent);
    void sent.then(() => inFlight.delete(sent));
    if (inFlight.size >= 8) await Promise.race(inFlight);
    if ((i / 5000) % 20 === 0) console.log(`  loading input ${fmt(i)}/${fmt(values.length)} into ${topic}`);
  }
  await Promise.all(inFlight);
  await sender.close();
  return values.length / ((performance.now() - started) / 1000);
}

/** Broker CPU the offset polling alone costs (no consumer running), per second of polling. */
async function pollingCost(kafka: KafkaHandle, committed: CommittedOffsets): Promise<number> {
  const before = cpuSeconds({ group: kafka.pid() }) ?? NaN;
  const started = performance.now();
  while (performance.now() - started < 5000) {
    await committed();
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  const seconds = (performance.now() - started) / 1000;
  return ((cpuSeconds({ group: kafka.pid() }) ?? NaN) - before) / seconds;
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

export async function benchStreamSuite(ctx: StreamBenchContext): Promise<void> {
  const { kafka, redis, values } = ctx;
  const admin = localConnection(kafka, "admin");
  const t = instanceTopics("bench");
  await ensureTopics(admin, [t.transactions, t.scores, t.dlq], 3);
  const poller = await offsetPoller(admin, t.group, t.transactions);
  report(
    "input load (the simulator's producer as `ingest`, zstd; not the worker)",
    `${fmt(await load(localConnection(kafka, "ingest"), t.transactions, values, "zstd"))} tx/s`,
  );
  const costPerSecond = await pollingCost(kafka, poller.committed);
  const servers = { broker: { group: kafka.pid() }, redis: { group: redis.pid() } };
  const metricsPort = await freePort();
  const env = deployedEnv({
    kafka,
    redis: { url: redis.url, caFile: redis.caFile! },
    roots: ctx.bundle,
    topics: t,
    podName: "scoring-stream-0",
    overrides: {
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: "warn",
      MODEL_SIGNING_PUBLIC_KEYS: ctx.bundle.signingPublicKeyPem,
      // A replay of simulated history: the service clock starts at the newest transaction.
      REPLAY_CLOCK_FROM: replayClockAfter(values),
    },
  });
  // The production default, not the tests' short one.
  delete env.KAFKA_SESSION_TIMEOUT_MS;
  const started = performance.now();
  const worker = ctx.startWorker(env);
  const run = await awaitCommitted(
    poller.committed,
    t.group,
    values.length,
    started,
    { name: "worker", process: worker },
    servers,
  );
  report(
    `stream end to end, one worker, SASL_SSL, ${fmt(values.length)} tx (incl. ~startup)`,
    `${fmt(run.endToEnd)} tx/s`,
  );
  report("stream steady state (commits from 1/4 to 3/4 of the input)", `${fmt(run.steady)} tx/s`);
  report("stream CPU per transaction (steady state)", run.cpu);
  report(
    `measurement cost: offset polling every ${POLL_INTERVAL_MS} ms`,
    `${(costPerSecond * 1000).toFixed(1)} ms broker CPU per second = ${((costPerSecond / run.steady) * 1e6).toFixed(2)} µs per transaction at the steady rate`,
  );
  const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
  const rowsPerBatch = histogramMean(metrics, METRIC.inferenceBatchSize, 'path="stream"');
  const batches = counterTotal(metrics, `${METRIC.inferenceBatchSize}_count`, 'path="stream"');
  const transactions = counterTotal(metrics, METRIC.kafkaTransactions, 'result="committed"');
  const rss = peakRssMiB(worker.pid);
  report(
    "stream batches",
    `${fmt(rowsPerBatch ?? 0)} rows per partition batch, ${(batches / Math.max(1, transactions)).toFixed(2)} partition batches per Kafka transaction (${fmt(transactions)} transactions); worker peak RSS ${rss === undefined ? "n/a" : `${fmt(rss)} MiB`}`,
  );
  await stopped(worker);
  await poller.close();
  await librdkafkaBaseline(ctx, t.transactions, servers);
  await kafkajsBaseline(ctx, servers);
}

/** Runs one of the echo workers on `input` until its group committed it all, and reports it. */
async function measureEcho(
  ctx: StreamBenchContext,
  servers: { broker: { group: number } },
  echo: { label: string; script: string; group: string; input: string; env: NodeJS.ProcessEnv },
) {
  const poller = await offsetPoller(localConnection(ctx.kafka, "admin"), echo.group, echo.input);
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(__dirname, echo.script)], {
    env: { ...process.env, ...echo.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const run = await awaitCommitted(
    poller.committed,
    echo.group,
    ctx.values.length,
    started,
    { name: "echo worker", process: child },
    servers,
  );
  report(echo.label, `${fmt(run.steady)} tx/s; CPU per transaction: ${run.cpu}`);
  await stopped(child);
  await poller.close();
}

/** The worker's own transport copying values (bench/echo-worker.ts), on the same input. */
async function librdkafkaBaseline(
  ctx: StreamBenchContext,
  input: string,
  servers: { broker: { group: number } },
) {
  const { kafka } = ctx;
  const t = instanceTopics("bench-echo");
  await ensureTopics(localConnection(kafka, "admin"), [t.scores], 3);
  const env = deployedEnv({
    kafka,
    redis: { url: ctx.redis.url, caFile: ctx.redis.caFile! },
    roots: ctx.bundle,
    topics: { ...t, transactions: input },
    podName: "bench-echo-0",
  });
  delete env.KAFKA_SESSION_TIMEOUT_MS;
  await measureEcho(ctx, servers, {
    label: "baseline: the worker's librdkafka transport alone, copying values (steady state)",
    script: "echo-worker.ts",
    group: t.group,
    input,
    env: { ...env, OUTPUT: t.scores },
  });
}

/** kafkajs copying values exactly once (bench/kafkajs-echo-worker.ts) on an uncompressed copy of the input. */
async function kafkajsBaseline(ctx: StreamBenchContext, servers: { broker: { group: number } }) {
  const { kafka } = ctx;
  const t = instanceTopics("bench-kafkajs");
  // kafkajs decompresses neither zstd nor lz4: these topics keep what the producer sends.
  await ensureTopics(localConnection(kafka, "admin"), [t.transactions, t.scores], 3, {
    "compression.type": "producer",
  });
  await load(localConnection(kafka, "ingest"), t.transactions, ctx.values, "none");
  const user = localConnection(kafka, "scoring-stream");
  if (user.security.protocol !== "sasl_ssl") throw new Error("the bench broker speaks SASL_SSL");
  await measureEcho(ctx, servers, {
    label: "baseline: kafkajs 2.2.4 copying values exactly once, uncompressed (steady state)",
    script: "kafkajs-echo-worker.ts",
    group: t.group,
    input: t.transactions,
    env: {
      BROKERS: kafka.bootstrapServers,
      CA_FILE: user.security.caFile,
      USERNAME: user.security.username,
      PASSWORD: user.security.password,
      GROUP: t.group,
      TRANSACTIONAL_ID: "bench-kafkajs-0",
      INPUT: t.transactions,
      OUTPUT: t.scores,
    },
  });
}

/** The newest transaction time of `values` as an ISO instant (the replay clock's start). */
function replayClockAfter(values: readonly { value: string }[]): string {
  let latest = "";
  for (const v of values) {
    const t = (JSON.parse(v.value) as { tx_datetime: string }).tx_datetime;
    if (t > latest) latest = t;
  }
  return `${latest.replace(" ", "T")}Z`;
}
