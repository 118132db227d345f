import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCALHOST } from "../process/free-port";
import { startManagedProcess } from "../process/managed-process";
import { waitUntil } from "../process/wait-until";
import { renderPrometheusConfig, type PrometheusConfig } from "./prometheus-config";

export interface StartPrometheusOptions extends PrometheusConfig {
  /** Default: a free port. */
  readonly port?: number;
  /** Working folder (config, TSDB, log); default: a new temporary folder, deleted by stop(). */
  readonly dir?: string;
  /** See ManagedProcessOptions.ownerPid. Default: this process. */
  readonly ownerPid?: number | null;
  /** Default 30 s. */
  readonly readyTimeoutMs?: number;
}

export interface PrometheusHandle {
  /** `http://127.0.0.1:<port>` (API under /api/v1). */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly configFile: string;
  readonly logFile: string;
  readonly pid: number;
  readonly startupMs: number;
  stop(): Promise<void>;
}

async function isReady(url: string): Promise<boolean> {
  const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

/** Prometheus (Debian package) with the given scrape targets and rule files; lifecycle API enabled. */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusHandle> {
  const port = options.port ?? (await freePort());
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "antifraud-prometheus-"));
  const configFile = join(dir, "prometheus.yml");
  const logFile = join(dir, "prometheus.log");
  const url = `http://${LOCALHOST}:${port}`;
  mkdirSync(join(dir, "tsdb"), { recursive: true });
  writeFileSync(configFile, renderPrometheusConfig(options));
  const started = Date.now();
  const server = startManagedProcess({
    name: "prometheus",
    command: "prometheus",
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "tsdb")}`,
      `--web.listen-address=${LOCALHOST}:${port}`,
      "--web.enable-lifecycle",
    ],
    logFile,
    graceSeconds: 10,
    ...(options.ownerPid === undefined ? {} : { ownerPid: options.ownerPid }),
  });
  try {
    await waitUntil(`prometheus on ${url}`, () => isReady(url), {
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      intervalMs: 100,
      abort: () => (server.hasExited() ? `prometheus exited; log tail:\n${server.logTail()}` : undefined),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url,
    port,
    dir,
    configFile,
    logFile,
    pid: server.pid,
    startupMs: Date.now() - started,
    async stop() {
      await server.stop();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
