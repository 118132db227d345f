import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../paths";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";

export interface StartMlflowOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** Working folder (sqlite backend store, artifacts, log); default: a new temporary folder, deleted by stop(). */
  readonly dir?: string;
  /** See ManagedProcessOptions.ownerPid. Default: this process. */
  readonly ownerPid?: number | null;
  /** Default 60 s (gunicorn and the store's migrations on first start). */
  readonly readyTimeoutMs?: number;
}

export interface MlflowHandle {
  /** `http://127.0.0.1:<port>`: MLFLOW_TRACKING_URI for clients, REST API under /api/2.0/mlflow. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly logFile: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export function mlflowBinary(): string {
  return join(repoRoot(), ".venv-mlflow", "bin", "mlflow");
}

/**
 * `mlflow server` leaves its gunicorn behind when it gets SIGTERM; gunicorn stays in the watchdog's
 * process group, so the group is stopped after the watchdog.
 */
async function stopGroup(groupId: number): Promise<void> {
  const signal = (name: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-groupId, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal("SIGTERM")) return;
  const deadline = Date.now() + 10_000;
  while (signal(0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  signal("SIGKILL");
}

async function isReady(url: string): Promise<boolean> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

/**
 * The MLflow tracking server from its own virtualenv (scripts/bootstrap.d/35-tool-venvs.sh): a sqlite
 * backend store and artifacts proxied by the server into a folder, as the cluster's server proxies them
 * into the models bucket, so clients need no storage credentials.
 */
export async function startMlflow(options: StartMlflowOptions = {}): Promise<MlflowHandle> {
  const port = options.port ?? (await freePort());
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "antifraud-mlflow-"));
  const logFile = join(dir, "mlflow.log");
  const url = `http://${LOCALHOST}:${port}`;
  mkdirSync(join(dir, "artifacts"), { recursive: true });
  const server = startManagedProcess({
    name: "mlflow",
    command: mlflowBinary(),
    args: [
      "server",
      "--host",
      LOCALHOST,
      "--port",
      String(port),
      "--workers",
      "1",
      "--backend-store-uri",
      `sqlite:///${join(dir, "mlflow.db")}`,
      "--artifacts-destination",
      join(dir, "artifacts"),
    ],
    logFile,
    graceSeconds: 10,
    ...(options.ownerPid === undefined ? {} : { ownerPid: options.ownerPid }),
  });
  try {
    await waitUntil(`mlflow on ${url}`, () => isReady(url), {
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      intervalMs: 200,
      abort: () => (server.hasExited() ? `mlflow exited; log tail:\n${server.logTail()}` : undefined),
    });
  } catch (error) {
    await server.stop();
    await stopGroup(server.pid);
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port,
    dir,
    logFile,
    pid: server.pid,
    async stop() {
      await server.stop();
      await stopGroup(server.pid);
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
