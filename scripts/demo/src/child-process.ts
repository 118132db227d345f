import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface RunningChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Rejects if the process exits before `stop()` was called. */
  readonly unexpectedExit: Promise<never>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts a long-running child with its output in `logFile`. */
export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): RunningChild {
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let stopping = false;
  const unexpectedExit = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => {
      if (!stopping) reject(new Error(`${name} exited (code ${code}, signal ${signal}); see ${logFile}`));
    });
  });
  unexpectedExit.catch(() => undefined);
  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    unexpectedExit,
    async stop(graceMs = 15_000) {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/** Runs a command to completion with live output prefixed by `name`; rejects on a non-zero exit. */
export function runToCompletion(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed (code ${code}, signal ${signal})`)),
    );
  });
}

/** Polls `url` until it answers 200 or `timeoutMs` passes; fails early if `child` dies. */
export async function waitForHttpOk(url: string, timeoutMs: number, child?: RunningChild): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  const poll = async () => {
    while (Date.now() < deadline) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
        last = `HTTP ${response.status}: ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
  };
  await (child ? Promise.race([poll(), child.unexpectedExit]) : poll());
}
