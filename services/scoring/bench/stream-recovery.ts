/**
 * `npm run bench:recovery [-- --kills 5]`: how long the stream worker takes to commit again after a
 * SIGKILL, per kill, on the SASL_SSL broker with the deployed env (static membership, the pod's
 * transactional id; the restarted process is the same pod). Prints, per kill: from the kill to the
 * partitions being assigned to the new process (node start, model load, join) and to its first new
 * commit. The worker runs compiled, as shipped. Figures only; the tests assert counts, not times.
 */
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { committedCount, localConnection, produceValues } from "@antifraud/local";
import {
  deployedEnv,
  fixtureRoots,
  streamTopics,
  transactions,
  waitFor,
} from "../test/integration/stream-fixture";
import { ensureRedis, privateKafka } from "../test/integration/services";
import { removeTmpDirs } from "../test/helpers";

const SERVICE_ROOT = path.resolve(__dirname, "..");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kills: { type: "string" } } });
  const kills = Number(values.kills ?? 5);
  for (const project of ["../contracts/tsconfig.build.json", "tsconfig.build.json"]) {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", path.join(SERVICE_ROOT, project)],
      {
        stdio: "inherit",
      },
    );
  }
  const [kafka, redis] = await Promise.all([privateKafka(), ensureRedis()]);
  try {
    const t = await streamTopics(kafka, "recovery");
    const n = 50_000;
    await produceValues(localConnection(kafka, "ingest"), t.transactions, transactions(n));
    const env = deployedEnv({ kafka, redis, roots: fixtureRoots(), topics: t, podName: "scoring-stream-0" });
    // The production session timeout, not the tests' short one: static membership must not need it.
    delete env.KAFKA_SESSION_TIMEOUT_MS;
    env.KAFKA_MAX_POLL_RECORDS = "1000";
    env.LOG_LEVEL = "info";
    /** The worker process and when it logged its first partition assignment. */
    const start = () => {
      const child = spawn(
        process.execPath,
        ["--conditions=antifraud-compiled", path.join(SERVICE_ROOT, "dist/main.js"), "stream"],
        { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
      );
      const assigned = new Promise<number>((resolve) =>
        child.stdout!.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes('"partitions assigned"')) resolve(Date.now());
        }),
      );
      return { child, assigned };
    };
    const committed = () =>
      committedCount(localConnection(kafka, "admin"), t.group, t.transactions).catch(() => -1);
    let worker = start();
    console.log(
      `recovery after SIGKILL, ${kills} kills (uptime load ${(await import("node:os")).loadavg()[0]!.toFixed(1)})`,
    );
    for (let kill = 1; kill <= kills; kill++) {
      const before = await committed();
      await waitFor(`commits before kill ${kill}`, async () => (await committed()) > before, 120_000);
      worker.child.kill("SIGKILL");
      await new Promise((r) => worker.child.once("exit", r));
      const atKill = await committed();
      const killedAt = Date.now();
      worker = start();
      await waitFor(`commits after kill ${kill}`, async () => (await committed()) > atKill, 120_000);
      const seconds = (at: number) => ((at - killedAt) / 1000).toFixed(1);
      console.log(
        `  kill ${kill}: partitions assigned after ${seconds(await worker.assigned)} s, committing again after ${seconds(Date.now())} s`,
      );
    }
    worker.child.kill("SIGTERM");
    await new Promise((r) => worker.child.once("exit", r));
  } finally {
    await Promise.all([kafka.stop(), redis.stop()]);
    removeTmpDirs();
  }
}

main().catch((err: Error) => {
  console.error(`bench:recovery failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
