import {
  committedCounter,
  freePort,
  localConnection,
  produceValues,
  readCommitted,
  transactionState,
  type CommittedCounter,
  type KafkaHandle,
  type RedisHandle,
} from "@antifraud/local";
import { METRIC } from "../../src/metrics/names";
import { privateKafka, privateRedis } from "./services";
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
 * Group membership against what production does: a paused zombie with an open transaction, rolling
 * restarts (a new pod name while the old pod drains, and the StatefulSet's same name), and a Redis
 * outage longer than the session timeout. Exact counts only; no timing assertions.
 */
jest.setTimeout(600_000);

let kafka: KafkaHandle;
let redis: RedisHandle;
const roots = fixtureRoots();

beforeAll(async () => {
  [kafka, redis] = await Promise.all([privateKafka(), privateRedis()]);
}, 180_000);
afterAll(async () => {
  await counter?.close();
  await Promise.all([kafka?.stop(), redis?.stop()]);
});

const admin = () => localConnection(kafka, "admin");
let counter: CommittedCounter | undefined;
const committed = (t: StreamTopics) =>
  (counter ??= committedCounter(admin())).count(t.group, t.transactions).catch(() => -1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function worker(t: StreamTopics, podName: string, overrides: Record<string, string> = {}): WorkerProcess {
  return spawnWorker(
    deployedEnv({
      kafka,
      redis: { url: redis.url, caFile: redis.caFile! },
      roots,
      topics: t,
      podName,
      overrides: { KAFKA_MAX_POLL_RECORDS: "400", ...overrides },
    }),
  );
}

const stopGracefully = (...workers: WorkerProcess[]) => stopWorkers(workers);

async function readAllScores(t: StreamTopics, n: number) {
  return readCommitted(localConnection(kafka, "analytics"), [t.scores], n, {
    timeoutMs: 240_000,
    settleMs: 2000,
  });
}

test("a zombie paused past the session timeout with an open transaction commits nothing the other worker committed", async () => {
  const t = await streamTopics(kafka, "zombie");
  const n = 40_000;
  await produceValues(localConnection(kafka, "ingest"), t.transactions, transactions(n));
  const zombie = worker(t, "scoring-stream-0");
  const other = worker(t, "scoring-stream-1");
  try {
    await waitFor("both workers committing", async () => (await committed(t)) > 2000, 120_000);
    const security = kafka.security!;
    let caught: { state: string; partitions: number } | undefined;
    for (let attempt = 0; attempt < 40 && caught === undefined; attempt++) {
      zombie.child.kill("SIGSTOP");
      const state = transactionState(kafka.bootstrapServers, security, "scoring-stream-0");
      if (state.state === "Ongoing") caught = state;
      else {
        zombie.child.kill("SIGCONT");
        await sleep(100 + Math.random() * 300);
      }
    }
    if (caught === undefined) throw new Error("never caught the worker inside an open transaction");
    // Past the session timeout (6 s): the group drops the zombie and the other worker takes over.
    const atPause = await committed(t);
    await waitFor(
      "the other worker commits past the zombie's partitions",
      async () => (await committed(t)) > atPause + 2000,
      120_000,
    );
    zombie.child.kill("SIGCONT");
    const out = await readAllScores(t, n);
    expect(exactlyOnce(out, n)).toEqual({ duplicates: [], missing: [] });
    expect(out).toHaveLength(n);
  } finally {
    zombie.child.kill("SIGCONT");
    await stopGracefully(zombie, other);
  }
});

test("rolling restart as a Deployment does it (new pod name while the old one drains): zero duplicates, zero losses", async () => {
  const t = await streamTopics(kafka, "roll");
  const n = 30_000;
  await produceValues(localConnection(kafka, "ingest"), t.transactions, transactions(n));
  const old = worker(t, "scoring-stream-7d9f-abcde");
  await waitFor("the old pod commits", async () => (await committed(t)) > 1000, 120_000);
  const replacement = worker(t, "scoring-stream-7d9f-fghij");
  try {
    await sleep(3000);
    await stopGracefully(old);
    const out = await readAllScores(t, n);
    expect(exactlyOnce(out, n)).toEqual({ duplicates: [], missing: [] });
    expect(out).toHaveLength(n);
  } finally {
    await stopGracefully(replacement);
  }
});

test("rolling restart as the StatefulSet does it (the same pod name after the old one drained): zero duplicates, zero losses", async () => {
  const t = await streamTopics(kafka, "sts");
  const n = 20_000;
  await produceValues(localConnection(kafka, "ingest"), t.transactions, transactions(n));
  const old = worker(t, "scoring-stream-0");
  await waitFor("the old pod commits", async () => (await committed(t)) > 1000, 120_000);
  await stopGracefully(old);
  const replacement = worker(t, "scoring-stream-0");
  try {
    const out = await readAllScores(t, n);
    expect(exactlyOnce(out, n)).toEqual({ duplicates: [], missing: [] });
    expect(out).toHaveLength(n);
  } finally {
    await stopGracefully(replacement);
  }
});

test("a Redis outage longer than the session timeout keeps the group membership and loses nothing", async () => {
  const t = await streamTopics(kafka, "redis-outage");
  const metricsPort = await freePort();
  const w = worker(t, "scoring-stream-0", { METRICS_PORT: String(metricsPort) });
  const rebalances = async () => {
    const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
    const value = (event: string) =>
      Number(new RegExp(`^${METRIC.kafkaRebalances}\\{event="${event}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { assign: value("assign"), revoke: value("revoke"), lost: value("lost") };
  };
  try {
    await produceValues(localConnection(kafka, "ingest"), t.transactions, transactions(2000));
    await waitFor("commits before the outage", async () => (await committed(t)) >= 2000, 120_000);
    const before = await rebalances();
    expect(before).toEqual({ assign: 1, revoke: 0, lost: 0 });
    await redis.kill();
    await produceValues(localConnection(kafka, "ingest"), t.transactions, transactions(2000, 2000));
    // Three session timeouts (6 s each) without Redis.
    await sleep(18_000);
    expect(await committed(t)).toBe(2000);
    await redis.restart();
    const out = await readAllScores(t, 4000);
    expect(exactlyOnce(out, 4000)).toEqual({ duplicates: [], missing: [] });
    expect(out).toHaveLength(4000);
    expect(await rebalances()).toEqual(before);
  } finally {
    await stopGracefully(w);
  }
});
