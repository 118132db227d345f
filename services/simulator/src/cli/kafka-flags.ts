import type { KafkaConnection } from "@antifraud/contracts";
import { stringFlag } from "./flags";

/** The flags every Kafka command of the simulator takes. */
export const KAFKA_FLAGS = {
  brokers: { type: "string" },
  ca: { type: "string" },
  user: { type: "string" },
  plaintext: { type: "boolean" },
} as const;

export const KAFKA_FLAGS_USAGE =
  "--brokers HOST:PORT[,...] --ca CA.pem --user NAME (password in KAFKA_SASL_PASSWORD) | --plaintext";

/**
 * SASL_SSL with SCRAM-SHA-512 (the default, as Yandex Managed Kafka and the local broker) from
 * --ca and --user, the password from the environment so it shows in no process list; or plaintext
 * with --plaintext only.
 */
export function kafkaConnectionFlags(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): KafkaConnection {
  const brokers = stringFlag(values, "brokers")?.split(",");
  if (brokers === undefined) throw new Error("--brokers HOST:PORT[,HOST:PORT] is required");
  if (values.plaintext === true) return { brokers, security: { protocol: "plaintext" } };
  const caFile = stringFlag(values, "ca");
  const username = stringFlag(values, "user");
  const password = env.KAFKA_SASL_PASSWORD;
  if (caFile === undefined || username === undefined || !password) {
    throw new Error(
      "SASL_SSL needs --ca (the brokers' CA file), --user and KAFKA_SASL_PASSWORD in the environment " +
        "(or --plaintext for a local broker started without security)",
    );
  }
  return {
    brokers,
    security: { protocol: "sasl_ssl", caFile, mechanism: "scram-sha-512", username, password },
  };
}
