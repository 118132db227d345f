import pino, { type Logger } from "pino";

export type { Logger };

/** JSON logs on stdout; secrets in config never reach a log line. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { service: "antifraud-scoring", command: name },
    redact: ["config.KAFKA_SASL_PASSWORD", "*.password"],
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** For tests and embedding: drops everything. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
