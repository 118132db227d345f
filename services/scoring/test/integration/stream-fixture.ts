import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { KafkaConnection } from "@antifraud/contracts";
import { ensureTopics, instanceTopics, localConnection, type KafkaHandle } from "@antifraud/local";
import { writeFixtureBundle, writeFixtureSnapshot } from "../support/bundle-fixture";
import { testKeyPair } from "../support/signing-keys";
import { sampleTx, spec, tmpDir } from "../helpers";
import { uniquePrefix } from "./services";

/** Model and terminal snapshot folders every stream test scores with. */
export function fixtureRoots(): { models: string; features: string } {
  const roots = { models: tmpDir("it-models"), features: tmpDir("it-features") };
  writeFixtureBundle(roots.models, { version: "v1", spec });
  writeFixtureSnapshot(
    roots.features,
    "2019-09-20",
    [{ terminal_id: 7, day: "2019-09-10", tx_count: 10, fraud_count: 2 }],
    { specVersion: spec.version },
  );
  return roots;
}

export type StreamTopics = ReturnType<typeof instanceTopics>;

/** Fresh instances of the platform's topics (3 partitions), created by the admin like MdbKafkaTopic. */
export async function streamTopics(kafka: KafkaHandle, tag: string): Promise<StreamTopics> {
  const t = instanceTopics(tag);
  await ensureTopics(localConnection(kafka, "admin"), [t.transactions, t.scores, t.dlq], 3);
  return t;
}

/** `n` valid transactions from `from` on: about one per customer every 30 minutes, in time order. */
export function transactions(n: number, from = 0): { key: string; value: string }[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const tx = sampleTx({
      transaction_id: i + 1,
      customer_id: (i % 997) + 1,
      terminal_id: i % 13,
      tx_amount: 1 + (i % 500),
      tx_datetime: new Date(Date.UTC(2019, 8, 21) + i * 1800).toISOString().slice(0, 19).replace("T", " "),
    });
    return { key: String(tx.customer_id), value: JSON.stringify(tx) };
  });
}

/** Transaction ids of score records, ascending. */
export const ids = (records: { value: string }[]) =>
  records.map((r) => JSON.parse(r.value).transaction_id as number).sort((a, b) => a - b);
export const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

/** Duplicated and missing transaction ids of `records` against 1..n: both empty for exactly once. */
export function exactlyOnce(
  records: { value: string }[],
  n: number,
): { duplicates: number[]; missing: number[] } {
  const seen = new Map<number, number>();
  for (const id of ids(records)) seen.set(id, (seen.get(id) ?? 0) + 1);
  return {
    duplicates: [...seen].filter(([, c]) => c > 1).map(([id]) => id),
    missing: range(n).filter((id) => !seen.has(id)),
  };
}

/**
 * The environment the Pulumi program gives the stream pods (SASL_SSL with the scoring-stream user,
 * the CA file, TLS Redis with a password and its CA, static membership), pointed at local servers.
 */
export function deployedEnv(opts: {
  kafka: KafkaHandle;
  redis: { url: string; caFile: string };
  roots: { models: string; features: string };
  topics: StreamTopics;
  /** The pod name: transactional id and group instance id. */
  podName: string;
  overrides?: Record<string, string>;
}): NodeJS.ProcessEnv {
  const connection: KafkaConnection = localConnection(opts.kafka, "scoring-stream");
  if (connection.security.protocol !== "sasl_ssl") throw new Error("the stream tests need a SASL_SSL broker");
  return {
    LOG_LEVEL: "warn",
    MODELS_ROOT: opts.roots.models,
    FEATURES_ROOT: opts.roots.features,
    REDIS_URL: opts.redis.url,
    REDIS_TLS_CA_PATH: opts.redis.caFile,
    REDIS_KEY_PREFIX: uniquePrefix("s"),
    KAFKA_BROKERS: opts.kafka.bootstrapServers,
    KAFKA_SECURITY_PROTOCOL: "sasl_ssl",
    KAFKA_SSL_CA_PATH: connection.security.caFile,
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: connection.security.username,
    KAFKA_SASL_PASSWORD: connection.security.password,
    KAFKA_GROUP_ID: opts.topics.group,
    KAFKA_TRANSACTIONAL_ID: opts.podName,
    KAFKA_GROUP_INSTANCE_ID: opts.podName,
    KAFKA_TOPIC_TRANSACTIONS: opts.topics.transactions,
    KAFKA_TOPIC_SCORES: opts.topics.scores,
    KAFKA_TOPIC_DLQ: opts.topics.dlq,
    KAFKA_SESSION_TIMEOUT_MS: "6000",
    METRICS_PORT: "0",
    MODEL_SIGNING_PUBLIC_KEYS: testKeyPair("model-signing").publicKeyPem,
    ...opts.overrides,
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** The last few KB of its stdout and stderr. */
  output(): string;
}

const MAIN = path.resolve(__dirname, "../../src/main.ts");

/** `main.ts stream` as its own process (a pod's container). */
export function spawnWorker(env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "stream"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  return { child, exited, output: () => output };
}

/**
 * SIGTERMs the workers and expects each to exit 0 within `timeoutMs` (its own shutdown deadline is 10 s).
 * One that does not is SIGKILLed and the test fails with its output: a hung worker must not hold the
 * test until jest's own timeout, with nothing printed.
 */
export async function stopGracefully(workers: readonly WorkerProcess[], timeoutMs = 45_000): Promise<void> {
  for (const w of workers) w.child.kill("SIGTERM");
  for (const w of workers) {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      w.exited,
      new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (code === "hung") {
      w.child.kill("SIGKILL");
      await w.exited;
      throw new Error(`a worker did not exit within ${timeoutMs} ms of SIGTERM; its output:\n${w.output()}`);
    }
    expect([code, w.output()]).toEqual([0, w.output()]);
  }
}

/** Polls `probe` until true (or throws after `timeoutMs` with `what`). */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
