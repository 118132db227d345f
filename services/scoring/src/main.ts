import { runServe } from "./app/serve";
import { runQuality } from "./app/quality";
import { runStream } from "./app/stream";
import { ConfigError, loadQualityConfig, loadServeConfig, loadStreamConfig } from "./config/config";
import { createLogger, type Logger } from "./log/logger";

const USAGE =
  "usage: main.ts serve|stream|quality   (configuration from the environment, see services/scoring/README.md)";

/**
 * Resolves with the first SIGTERM/SIGINT; later ones are ignored. Installed before anything starts: in
 * a container the process is PID 1, and the kernel drops a signal PID 1 has no handler for, so a
 * SIGTERM during startup would otherwise be lost and the pod killed at the end of its grace period.
 */
function firstSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => resolve(signal));
  });
}

async function main(): Promise<void> {
  const signal = firstSignal();
  const command = process.argv[2];
  if (command !== "serve" && command !== "stream" && command !== "quality") {
    console.error(USAGE);
    process.exit(2);
  }
  let start: () => Promise<{ stop(): Promise<void> }>;
  let timeoutMs: number;
  let log: Logger;
  try {
    if (command === "serve") {
      const config = loadServeConfig(process.env);
      timeoutMs = config.SHUTDOWN_TIMEOUT_MS;
      log = createLogger(config.LOG_LEVEL, command);
      start = () => runServe(config, log);
    } else if (command === "quality") {
      const config = loadQualityConfig(process.env);
      timeoutMs = config.SHUTDOWN_TIMEOUT_MS;
      log = createLogger(config.LOG_LEVEL, command);
      start = () => runQuality(config, log);
    } else {
      const config = loadStreamConfig(process.env);
      timeoutMs = config.SHUTDOWN_TIMEOUT_MS;
      log = createLogger(config.LOG_LEVEL, command);
      start = () => runStream(config, log);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  // The shutdown deadline runs from the signal, also when it arrives while the service is starting.
  void signal.then((received) => {
    log.info({ signal: received }, "draining");
    setTimeout(() => {
      log.error({ timeoutMs }, "shutdown timed out");
      process.exit(1);
    }, timeoutMs).unref();
  });
  const running = await start();
  await signal;
  try {
    await running.stop();
  } catch (err) {
    log.error({ err: (err as Error).message }, "shutdown failed");
    process.exit(1);
  }
  log.info("stopped cleanly");
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(JSON.stringify({ level: "fatal", msg: "startup failed", err: err.stack ?? err.message }));
  process.exit(1);
});
