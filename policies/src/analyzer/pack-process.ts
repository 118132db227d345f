/**
 * A policy pack served the way `pulumi preview --policy-pack` serves it: the pack's own entry point
 * runs as a child process, its PolicyPack starts the SDK's analyzer gRPC server and prints the port,
 * and every request goes through that server. Nothing here knows what a policy is.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

export interface PackProcess {
  readonly client: AnalyzerClient;
  /** Runs `task` alone: Configure sets the server's one global config, so evaluations take turns. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/** The pack project (PulumiPolicy.yaml, package.json: the SDK reads the pack's version there). */
const PACK_DIR = path.resolve(__dirname, "..", "..");
/** The pack the repo ships: policies/index.ts. */
export const PACK_ENTRY = path.join(PACK_DIR, "index.ts");
const LAUNCHER = path.join(__dirname, "serve-pack.cjs");
const STARTUP_TIMEOUT_MS = 60_000;

/** Starts `entry` (a module whose import constructs one PolicyPack) and connects to its server. */
export async function startPackProcess(entry: string = PACK_ENTRY): Promise<PackProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", LAUNCHER, entry], {
    cwd: PACK_DIR,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const port = await firstLine(child, () => stderr);
  if (!/^\d+$/.test(port)) {
    child.kill("SIGKILL");
    throw new Error(`policy pack ${entry} printed "${port}" instead of its port; stderr:\n${stderr}`);
  }
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  let queue: Promise<unknown> = Promise.resolve();
  return {
    client,
    exclusive<T>(task: () => Promise<T>): Promise<T> {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run;
    },
    async stop() {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`policy pack did not print its port within ${STARTUP_TIMEOUT_MS} ms:\n${stderr()}`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, newline).trim());
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`policy pack exited (${code ?? signal}) before printing its port:\n${stderr()}`));
    });
  });
}
