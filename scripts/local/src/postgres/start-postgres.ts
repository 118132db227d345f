import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";
import { localTls } from "../tls/local-tls";

const exec = promisify(execFile);

/** Debian's PostgreSQL 15 server binaries (package postgresql-15, scripts/bootstrap.d/10-debian.sh). */
export const POSTGRES_BIN = "/usr/lib/postgresql/15/bin";
/**
 * The server refuses to run as root: as root, it runs as the package's `postgres` user, in a folder under
 * that user's home (the test run's temp folder is private to root).
 */
const SERVICE_USER = "postgres";
const SERVICE_HOME = "/var/lib/postgresql";

export interface StartPostgresOptions {
  /** Created beside the `postgres` database. Default `antifraud`. */
  readonly database?: string;
  /** Default `antifraud`. */
  readonly user?: string;
  /** Default 30 s. */
  readonly readyTimeoutMs?: number;
}

export interface PostgresHandle {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** What clients verify the server certificate (127.0.0.1) against. */
  readonly caFile: string;
  /** The server's folder (data, TLS copies, log); stop() removes it. */
  readonly dir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL as the managed one is reached: TCP on 127.0.0.1 with TLS only (the bootstrap's
 * certificate), password (SCRAM) authentication; no persistence beyond stop().
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresHandle> {
  const user = options.user ?? "antifraud";
  const database = options.database ?? "antifraud";
  const password = randomBytes(18).toString("base64url");
  const tls = localTls();
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(asRoot ? SERVICE_HOME : tmpdir(), "antifraud-postgres-"));
  const data = join(dir, "data");
  const logFile = join(dir, "postgres.log");
  const env = { ...process.env, PGPASSWORD: password };
  /** A server binary's command line, as the service user when this process is root. */
  const serviceCommand = (program: string, args: string[]): [string, string[]] => {
    const bin = join(POSTGRES_BIN, program);
    const asUser = ["--reuid", SERVICE_USER, "--regid", SERVICE_USER, "--init-groups"];
    return asRoot ? ["setpriv", [...asUser, bin, ...args]] : [bin, args];
  };
  const asService = (program: string, args: string[]) => exec(...serviceCommand(program, args), { env });
  const prepare = async () => {
    writeFileSync(join(dir, "pwfile"), password);
    copyFileSync(tls.certFile, join(dir, "server.crt"));
    copyFileSync(tls.keyFile, join(dir, "server.key"));
    chmodSync(join(dir, "server.key"), 0o600);
    if (asRoot) {
      const { stdout } = await exec("id", ["-u", SERVICE_USER]);
      const uid = Number(stdout.trim());
      for (const f of ["", "pwfile", "server.crt", "server.key"]) chownSync(join(dir, f), uid, uid);
    }
    await asService("initdb", [
      "--pgdata",
      data,
      "--username",
      user,
      "--pwfile",
      join(dir, "pwfile"),
      "--auth-local",
      "scram-sha-256",
      "--auth-host",
      "scram-sha-256",
      "--no-sync",
    ]);
    // TLS connections from 127.0.0.1 only; no plaintext host entry, so a client without TLS is refused.
    writeFileSync(
      join(data, "pg_hba.conf"),
      `local all all scram-sha-256\nhostssl all all ${LOCALHOST}/32 scram-sha-256\n`,
    );
  };
  await prepare().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const [command, args] = serviceCommand("postgres", [
    ...["-D", data, "-c", `listen_addresses=${LOCALHOST}`, "-c", `port=${port}`],
    ...["-c", `unix_socket_directories=${dir}`, "-c", "ssl=on", "-c", "fsync=off"],
    ...["-c", `ssl_cert_file=${join(dir, "server.crt")}`, "-c", `ssl_key_file=${join(dir, "server.key")}`],
  ]);
  const server = startManagedProcess({ name: "postgres", command, args, logFile, graceSeconds: 10 });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      `postgres on ${LOCALHOST}:${port}`,
      async () => (await asService("pg_isready", ["-h", LOCALHOST, "-p", String(port)]), true),
      {
        timeoutMs: options.readyTimeoutMs ?? 30_000,
        intervalMs: 100,
        abort: () => (server.hasExited() ? `postgres exited; log tail:\n${server.logTail()}` : undefined),
      },
    );
    await asService("createdb", ["-h", dir, "-p", String(port), "-U", user, database]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: LOCALHOST, port, user, password, database, caFile: tls.caFile, dir, logFile, stop };
}
