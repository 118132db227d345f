import {
  committedCounter,
  localConnection,
  produceValues,
  readCommitted,
  type CommittedCounter,
  type KafkaHandle,
} from "@antifraud/local";
import { ensureRedis, privateKafka, type TestRedis } from "./services";
import {
  deployedEnv,
  exactlyOnce,
  fixtureRoots,
  spawnWorker,
  stopGracefully as stopWorkers,
  streamTopics,
  transactions,
  waitFor,
  type StreamTopics,
  type WorkerProcess,
} from "./stream-fixture";

/**
 * Exactly once against what production does to the worker, on the SASL_SSL broker with the env the
 * Pulumi program sets: SIGKILLs mid-stream, a broker restart, both. Counts are asserted exactly; the
 * recovery time per kill is printed (npm run bench:recovery measures it), never asserted.
 */
jest.setTimeout(600_000);

let kafka: KafkaHandle;
let redis: TestRedis;
const roots = fixtureRoots();

beforeAll(async () => {
  [kafka, redis] = await Promise.all([privateKafka(), ensureRedis()]);
}, 180_000);
afterAll(async () => {
  await counter?.close();
  await Promise.all([kafka?.stop(), redis?.stop()]);
});

const ingest = () => localConnection(kafka, "ingest");
const admin = () => localConnection(kafka, "admin");
let counter: CommittedCounter | undefined;
const committed = (t: StreamTopics) =>
  (counter ??= committedCounter(admin())).count(t.group, t.transactions).catch(() => -1);

/** The same pod restarted (its container): same name, so the same transactional id and group member. */
function pod(t: StreamTopics, overrides: Record<string, string> = {}): () => WorkerProcess {
  // Small polls: many small transactions, so every kill lands between or inside them.
  const env = deployedEnv({
    kafka,
    redis,
    roots,
    topics: t,
    podName: "scoring-stream-0",
    overrides: { KAFKA_MAX_POLL_RECORDS: "400", ...overrides },
  });
  return () => spawnWorker(env);
}

const stopGracefully = (worker: WorkerProcess) => stopWorkers([worker]);

test("SIGKILLed 5 times mid-stream, each after new commits: exactly one committed score per transaction", async () => {
  const t = await streamTopics(kafka, "kill");
  const n = 30_000;
  await produceValues(ingest(), t.transactions, transactions(n));
  const start = pod(t);
  const kills = 5;
  const recoveryMs: number[] = [];
  let worker = start();
  for (let kill = 0; kill < kills; kill++) {
    const before = await committed(t);
    await waitFor(
      `new commits before kill ${kill + 1}`,
      async () => (await committed(t)) > before,
      90_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${worker.output()}`);
    });
    worker.child.kill("SIGKILL");
    await worker.exited;
    const atKill = await committed(t);
    expect(atKill).toBeLessThan(n);
    const killedAt = Date.now();
    worker = start();
    await waitFor(`commits after kill ${kill + 1}`, async () => (await committed(t)) > atKill, 90_000);
    recoveryMs.push(Date.now() - killedAt);
  }
  console.log(`recovery after each SIGKILL (restart + rejoin + first commit, ms): ${recoveryMs.join(", ")}`);
  try {
    const out = await readCommitted(localConnection(kafka, "analytics"), [t.scores], n, {
      timeoutMs: 180_000,
      settleMs: 2000,
    });
    expect(exactlyOnce(out, n)).toEqual({ duplicates: [], missing: [] });
    expect(out).toHaveLength(n);
  } finally {
    await stopGracefully(worker);
  }
});

test("a broker restart mid-stream loses and duplicates nothing", async () => {
  const t = await streamTopics(kafka, "restart");
  const worker = pod(t)();
  try {
    await produceValues(ingest(), t.transactions, transactions(3000));
    await waitFor("first commits", async () => (await committed(t)) > 0, 90_000);
    await kafka.restart();
    await produceValues(ingest(), t.transactions, transactions(3000, 3000));
    const out = await readCommitted(localConnection(kafka, "analytics"), [t.scores], 6000, {
      timeoutMs: 180_000,
      settleMs: 2000,
    });
    expect(exactlyOnce(out, 6000)).toEqual({ duplicates: [], missing: [] });
    expect(out).toHaveLength(6000);
  } finally {
    await stopGracefully(worker);
  }
});

test("the worker SIGKILLed while the broker restarts: exactly one committed score per transaction", async () => {
  const t = await streamTopics(kafka, "both");
  const n = 8000;
  await produceValues(ingest(), t.transactions, transactions(n));
  const start = pod(t);
  const first = start();
  await waitFor("first commits", async () => (await committed(t)) > 0, 90_000);
  const restart = kafka.restart();
  first.child.kill("SIGKILL");
  await Promise.all([first.exited, restart]);
  const second = start();
  try {
    const out = await readCommitted(localConnection(kafka, "analytics"), [t.scores], n, {
      timeoutMs: 180_000,
      settleMs: 2000,
    });
    expect(exactlyOnce(out, n)).toEqual({ duplicates: [], missing: [] });
    expect(out).toHaveLength(n);
  } finally {
    await stopGracefully(second);
  }
});

test("a SIGTERM while the worker is still starting drains it: exit 0, no score lost or doubled", async () => {
  const t = await streamTopics(kafka, "early-term");
  const n = 2000;
  await produceValues(ingest(), t.transactions, transactions(n));
  const start = pod(t, { LOG_LEVEL: "info" });
  const early = start();
  // The model is loaded before the Kafka clients connect: the signal lands mid-startup.
  await waitFor("model loaded", async () => early.output().includes("model loaded"), 60_000);
  early.child.kill("SIGTERM");
  expect(await early.exited).toBe(0);
  expect(early.output()).toContain('"msg":"draining"');
  expect(early.output()).toContain('"msg":"stopped cleanly"');
  const second = start();
  try {
    const out = await readCommitted(localConnection(kafka, "analytics"), [t.scores], n, {
      timeoutMs: 120_000,
      settleMs: 2000,
    });
    expect(exactlyOnce(out, n)).toEqual({ duplicates: [], missing: [] });
  } finally {
    await stopGracefully(second);
  }
});
