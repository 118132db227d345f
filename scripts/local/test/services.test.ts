import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import {
  ensureTopics,
  localConnection,
  localTls,
  startKafka,
  startPrometheus,
  startPostgres,
  startRedis,
  testKafkaBroker,
  uniqueTopic,
  withAdmin,
} from "../src";
import { redisAnswersPing } from "../src/redis/redis-ping";

const exec = promisify(execFile);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const refusesPing = async (port: number) =>
  redisAnswersPing({ host: "127.0.0.1", port }).then(
    () => false,
    () => true,
  );

describe("local services", () => {
  it("starts Redis with TLS and a password on 127.0.0.1, refusing plaintext and a wrong password", async () => {
    const redis = await startRedis();
    const caPem = readFileSync(localTls().caFile, "utf8");
    expect(redis.url).toBe(`rediss://:${redis.password}@127.0.0.1:${redis.port}`);
    expect(redis.caFile).toBe(localTls().caFile);
    expect(
      await redisAnswersPing({ host: "127.0.0.1", port: redis.port, caPem, password: redis.password! }),
    ).toBe(true);
    await expect(
      redisAnswersPing({ host: "127.0.0.1", port: redis.port, caPem, password: "wrong" }),
    ).rejects.toThrow(/AUTH refused/);
    // A TLS listener does not answer a plaintext PING.
    await expect(redisAnswersPing({ host: "127.0.0.1", port: redis.port }, 500)).rejects.toThrow();
    const pid = redis.pid();
    await redis.stop();
    expect(await refusesPing(redis.port)).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(existsSync(redis.dir)).toBe(false);
  });

  it("starts PostgreSQL with TLS and a password on 127.0.0.1, refusing plaintext and a wrong password", async () => {
    const pg = await startPostgres({ database: "tracking", user: "tracker" });
    const uri = (password: string, tls: string) =>
      `postgresql://${pg.user}:${password}@127.0.0.1:${pg.port}/${pg.database}?${tls}`;
    const psql = async (target: string) =>
      (
        await exec("psql", [
          target,
          "-tAc",
          "select current_user, ssl from pg_stat_ssl where pid = pg_backend_pid()",
        ])
      ).stdout;
    const verified = `sslmode=verify-full&sslrootcert=${localTls().caFile}`;
    expect(pg.caFile).toBe(localTls().caFile);
    expect(await psql(uri(pg.password, verified))).toBe("tracker|t\n");
    await expect(psql(uri(pg.password, "sslmode=disable"))).rejects.toThrow(
      /no pg_hba.conf entry .* no encryption/,
    );
    await expect(psql(uri("wrong", verified))).rejects.toThrow(/password authentication failed/);
    await pg.stop();
    expect(existsSync(pg.dir)).toBe(false);
    await expect(psql(uri(pg.password, verified))).rejects.toThrow(/Connection refused/);
  });

  it("starts a plaintext Redis only when asked to", async () => {
    const redis = await startRedis({ protocol: "plaintext" });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(redis.caFile).toBeUndefined();
      expect(await redisAnswersPing({ host: "127.0.0.1", port: redis.port })).toBe(true);
    } finally {
      await redis.stop();
    }
  });

  it("stops a service when the process that started it is killed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "antifraud-owner-"));
    try {
      // node itself is the owner (the tsx launcher would run the script in a grandchild).
      const owner = spawn(
        process.execPath,
        ["--import", "tsx", join(__dirname, "fixtures", "owner-process.ts"), dir],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const line = await new Promise<string>((resolve) =>
        owner.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())),
      );
      const [pid, port] = line.trim().split(" ").map(Number) as [number, number];
      expect(await redisAnswersPing({ host: "127.0.0.1", port })).toBe(true);
      owner.kill("SIGKILL");
      expect(await eventually(async () => !alive(pid) && (await refusesPing(port)), 10_000)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("starts Prometheus with the given rule files and scrape targets", async () => {
    const dir = mkdtempSync(join(tmpdir(), "antifraud-rules-"));
    const rules = join(dir, "rules.yaml");
    writeFileSync(
      rules,
      "groups:\n  - name: local-test\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n",
    );
    const prometheus = await startPrometheus({
      scrapeTargets: [{ jobName: "self", targets: ["127.0.0.1:1"] }],
      ruleFiles: [rules],
    });
    try {
      const response = await fetch(`${prometheus.url}/api/v1/rules`);
      const body = (await response.json()) as {
        data: { groups: Array<{ name: string; rules: Array<{ name: string }> }> };
      };
      expect(body.data.groups.map((group) => [group.name, group.rules.map((rule) => rule.name)])).toEqual([
        ["local-test", ["job:up:sum"]],
      ]);
      // Target discovery runs asynchronously after the ready endpoint answers.
      let labels: unknown[] = [];
      await eventually(async () => {
        const targets = (await (await fetch(`${prometheus.url}/api/v1/targets`)).json()) as {
          data: { activeTargets: Array<{ labels: { job: string; instance: string } }> };
        };
        labels = targets.data.activeTargets.map((target) => target.labels);
        return labels.length > 0;
      }, 10_000);
      expect(labels).toEqual([{ instance: "127.0.0.1:1", job: "self" }]);
    } finally {
      await prometheus.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(existsSync(prometheus.dir)).toBe(false);
  }, 60_000);

  it("gives the run's integration tests a shared SASL_SSL broker", async () => {
    const broker = testKafkaBroker();
    expect(broker.security?.protocol).toBe("sasl_ssl");
    const topic = uniqueTopic("shared-check");
    expect(topic).toMatch(/^shared-check-[a-z0-9]+-[0-9a-f]{8}$/);
    await ensureTopics(localConnection(broker, "admin"), [topic], 2);
    expect(await withAdmin(localConnection(broker, "admin"), (admin) => admin.listTopics())).toContain(topic);
  });

  it("restarts a broker on the same port with its data, users and ACLs, then stops it and removes its folder", async () => {
    const kafka = await startKafka({ numPartitions: 1 });
    const admin = localConnection(kafka, "admin");
    try {
      expect(kafka.bootstrapServers).toBe(`127.0.0.1:${kafka.port}`);
      expect(kafka.startupMs).toBeGreaterThan(0);
      expect(Object.keys(kafka.security!.users).sort()).toEqual([
        "admin",
        "analytics",
        "ingest",
        "scoring-quality",
        "scoring-stream",
      ]);
      await ensureTopics(admin, ["survives-restart"], 1);
      const firstPid = kafka.pid();
      const { startupMs } = await kafka.restart();
      expect(startupMs).toBeGreaterThan(0);
      expect(kafka.pid()).not.toBe(firstPid);
      expect(alive(firstPid)).toBe(false);
      expect(await withAdmin(admin, (a) => a.listTopics())).toContain("survives-restart");
      // The role users survive too (they live in the cluster metadata).
      expect(await withAdmin(localConnection(kafka, "analytics"), (a) => a.listTopics())).toEqual([]);
    } finally {
      await kafka.stop();
    }
    expect(existsSync(kafka.dir)).toBe(false);
    expect(alive(kafka.pid())).toBe(false);
  }, 180_000);
});
