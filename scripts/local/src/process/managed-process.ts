import { spawn } from "node:child_process";
import { openSync, closeSync, readFileSync, existsSync } from "node:fs";
import { watchdogScript } from "../paths";

export interface ManagedProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** stdout and stderr of the service go here (appended). */
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The service stops when this process disappears; `null` lets it outlive its starter (local:up). */
  readonly ownerPid?: number | null;
  /** Seconds between SIGTERM and SIGKILL when stopping. Default 15. */
  readonly graceSeconds?: number;
}

export interface ManagedProcess {
  readonly pid: number;
  /** Exit code of the service, or null after a signal. Resolves once the service has exited. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  stop(): Promise<void>;
  /** The last lines of the service's log (for error messages). */
  logTail(lines?: number): string;
}

/**
 * Starts a service under scripts/local/bin/watchdog.sh in its own process group: the watchdog stops
 * it gracefully on SIGTERM and stops it by itself when the owner process is gone.
 */
export function startManagedProcess(options: ManagedProcessOptions): ManagedProcess {
  const ownerPid = options.ownerPid === undefined ? process.pid : (options.ownerPid ?? 0);
  const log = openSync(options.logFile, "a");
  const child = spawn(
    watchdogScript(),
    [String(ownerPid), String(options.graceSeconds ?? 15), options.command, ...options.args],
    {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", log, log],
      detached: true,
    },
  );
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${options.name}: could not spawn ${options.command}`);
  const pid = child.pid;
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      done = true;
      resolve(code);
    });
  });
  // The starter must not wait for the service (local:up exits while it keeps running).
  if (options.ownerPid === null) child.unref();

  return {
    pid,
    exited,
    hasExited: () => done,
    async stop() {
      if (done) return;
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        return;
      }
      await exited;
    },
    logTail(lines = 20) {
      if (!existsSync(options.logFile)) return "";
      return readFileSync(options.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    },
  };
}
