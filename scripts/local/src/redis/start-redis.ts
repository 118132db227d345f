import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";
import { redisAnswersPing } from "./redis-ping";

export interface StartRedisOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** Working folder; default: a new temporary folder, deleted by stop(). */
  readonly dir?: string;
  /** See ManagedProcessOptions.ownerPid. Default: this process. */
  readonly ownerPid?: number | null;
  /** Default 15 s. */
  readonly readyTimeoutMs?: number;
}

export interface RedisHandle {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly logFile: string;
  readonly pid: number;
  readonly startupMs: number;
  stop(): Promise<void>;
}

/** A throwaway redis-server (Debian package): no persistence, 127.0.0.1 only. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  const port = options.port ?? (await freePort());
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "antifraud-redis-"));
  const logFile = join(dir, "redis.log");
  const started = Date.now();
  const server = startManagedProcess({
    name: "redis",
    command: "redis-server",
    args: ["--bind", LOCALHOST, "--port", String(port), "--dir", dir, "--save", "", "--appendonly", "no"],
    logFile,
    graceSeconds: 5,
    ...(options.ownerPid === undefined ? {} : { ownerPid: options.ownerPid }),
  });
  try {
    await waitUntil(`redis on ${LOCALHOST}:${port}`, () => redisAnswersPing(LOCALHOST, port), {
      timeoutMs: options.readyTimeoutMs ?? 15_000,
      intervalMs: 50,
      abort: () => (server.hasExited() ? `redis-server exited; log tail:\n${server.logTail()}` : undefined),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: `redis://${LOCALHOST}:${port}`,
    port,
    dir,
    logFile,
    pid: server.pid,
    startupMs: Date.now() - started,
    async stop() {
      await server.stop();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
