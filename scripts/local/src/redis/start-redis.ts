import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess, type ManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";
import { localTls } from "../tls/local-tls";
import { redisAnswersPing, type RedisProbe } from "./redis-ping";

export interface StartRedisOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** Working folder; default: a new temporary folder, deleted by stop(). */
  readonly dir?: string;
  /**
   * `tls` (default): TLS with the bootstrap's certificate and a password, as the managed Redis
   * runs. `plaintext`: neither, explicitly.
   */
  readonly protocol?: "tls" | "plaintext";
  /** Default: a random one (TLS only). Give the previous one to restart a server in place. */
  readonly password?: string;
  /** See ManagedProcessOptions.ownerPid. Default: this process. */
  readonly ownerPid?: number | null;
  /** Default 15 s. */
  readonly readyTimeoutMs?: number;
}

export interface RedisHandle {
  /** `rediss://:<password>@127.0.0.1:<port>` (TLS) or `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The CA file clients verify the server with; undefined for plaintext. */
  readonly caFile: string | undefined;
  readonly password: string | undefined;
  readonly port: number;
  readonly dir: string;
  readonly logFile: string;
  pid(): number;
  readonly startupMs: number;
  stop(): Promise<void>;
  /** Stops the server (its data is gone: no persistence), leaving the port closed until restart(). */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same password (after kill). */
  restart(): Promise<void>;
}

/** A throwaway redis-server (Debian package): no persistence, 127.0.0.1 only, TLS + password by default. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  const port = options.port ?? (await freePort());
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "antifraud-redis-"));
  const logFile = join(dir, "redis.log");
  const secure = (options.protocol ?? "tls") === "tls";
  const tls = secure ? localTls() : undefined;
  const password = secure ? (options.password ?? randomBytes(18).toString("base64url")) : undefined;
  const args = [
    "--bind",
    LOCALHOST,
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "no",
    ...(tls && password
      ? [
          "--port",
          "0",
          "--tls-port",
          String(port),
          "--tls-cert-file",
          tls.certFile,
          "--tls-key-file",
          tls.keyFile,
          "--tls-ca-cert-file",
          tls.caFile,
          "--tls-auth-clients",
          "no",
          "--requirepass",
          password,
        ]
      : ["--port", String(port)]),
  ];
  const probe: RedisProbe = {
    host: LOCALHOST,
    port,
    ...(tls ? { caPem: readFileSync(tls.caFile, "utf8") } : {}),
    ...(password ? { password } : {}),
  };
  const launch = async (): Promise<{ server: ManagedProcess; startupMs: number }> => {
    const started = Date.now();
    const server = startManagedProcess({
      name: "redis",
      command: "redis-server",
      args,
      logFile,
      graceSeconds: 5,
      ...(options.ownerPid === undefined ? {} : { ownerPid: options.ownerPid }),
    });
    try {
      await waitUntil(`redis on ${LOCALHOST}:${port}`, () => redisAnswersPing(probe), {
        timeoutMs: options.readyTimeoutMs ?? 15_000,
        intervalMs: 50,
        abort: () => (server.hasExited() ? `redis-server exited; log tail:\n${server.logTail()}` : undefined),
      });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return { server, startupMs: Date.now() - started };
  };
  let current: ManagedProcess | undefined;
  const first = await launch();
  current = first.server;
  return {
    url: password ? `rediss://:${password}@${LOCALHOST}:${port}` : `redis://${LOCALHOST}:${port}`,
    caFile: tls?.caFile,
    password,
    port,
    dir,
    logFile,
    pid: () => current?.pid ?? -1,
    startupMs: first.startupMs,
    async stop() {
      await current?.stop();
      current = undefined;
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await current?.stop();
      current = undefined;
    },
    async restart() {
      if (current !== undefined) throw new Error("redis is running; kill() it first");
      current = (await launch()).server;
    },
  };
}
