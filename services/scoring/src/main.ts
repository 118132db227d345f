import { runServe } from "./app/serve";
import { runStream } from "./app/stream";
import { ConfigError, loadServeConfig, loadStreamConfig } from "./config/config";
import { createLogger, type Logger } from "./log/logger";

const USAGE =
  "usage: main.ts serve|stream   (configuration from the environment, see services/scoring/README.md)";

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== "serve" && command !== "stream") {
    console.error(USAGE);
    process.exit(2);
  }
  let running: { stop(): Promise<void> };
  let timeoutMs: number;
  let log: Logger;
  try {
    if (command === "serve") {
      const config = loadServeConfig(process.env);
      timeoutMs = config.SHUTDOWN_TIMEOUT_MS;
      log = createLogger(config.LOG_LEVEL, command);
      running = await runServe(config, log);
    } else {
      const config = loadStreamConfig(process.env);
      timeoutMs = config.SHUTDOWN_TIMEOUT_MS;
      log = createLogger(config.LOG_LEVEL, command);
      running = await runStream(config, log);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "draining");
    setTimeout(() => {
      log.error({ timeoutMs }, "shutdown timed out");
      process.exit(1);
    }, timeoutMs).unref();
    running.stop().then(
      () => {
        log.info("stopped cleanly");
        process.exit(0);
      },
      (err: Error) => {
        log.error({ err: err.message }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: Error) => {
  console.error(JSON.stringify({ level: "fatal", msg: "startup failed", err: err.stack ?? err.message }));
  process.exit(1);
});
