import pino, { type Logger } from "pino";

export type { Logger };

/**
 * JSON logs on stdout; secrets in config never reach a log line. Written synchronously: nothing logs on
 * the hot paths, and an asynchronous stdout lost the last lines ("draining", "stopped cleanly") when a
 * container exited right after them.
 */
export function createLogger(level: string, name: string): Logger {
  return pino(
    {
      name,
      level,
      base: { service: "antifraud-scoring", command: name },
      redact: ["config.KAFKA_SASL_PASSWORD", "*.password"],
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** For tests and embedding: drops everything. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
