import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { TOPICS } from "@antifraud/contracts";
import type { KafkaSecurity } from "../kafka/kafka-access";
import type { LocalBroker } from "../kafka/kafka-clients";
import { localTls } from "../tls/local-tls";

/** Set by the jest global setup (or by hand, to reuse running services) for integration tests. */
export const TEST_KAFKA_BROKERS_ENV = "ANTIFRAUD_TEST_KAFKA_BROKERS";
/** Path of the broker's security.json (CA and SCRAM users), or `plaintext`. */
export const TEST_KAFKA_SECURITY_ENV = "ANTIFRAUD_TEST_KAFKA_SECURITY";
export const TEST_REDIS_URL_ENV = "ANTIFRAUD_TEST_REDIS_URL";

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set. The jest global setup starts the shared service only for test files that mention ` +
        `${name} (or testKafkaBroker()/testRedis()) directly or through a relative import; ` +
        "or export it to point at a running service (npm run local:up prints the values).",
    );
  }
  return value;
}

/** The run's shared broker: where it is and its CA and SCRAM users (SASL_SSL unless started plaintext). */
export function testKafkaBroker(): LocalBroker {
  const bootstrapServers = required(TEST_KAFKA_BROKERS_ENV);
  const securityFile = required(TEST_KAFKA_SECURITY_ENV);
  if (securityFile === "plaintext") return { bootstrapServers, security: undefined };
  if (!existsSync(securityFile)) throw new Error(`${TEST_KAFKA_SECURITY_ENV}=${securityFile} does not exist`);
  return { bootstrapServers, security: JSON.parse(readFileSync(securityFile, "utf8")) as KafkaSecurity };
}

/** The run's shared Redis: `rediss://:<password>@127.0.0.1:<port>` and the CA to verify it with. */
export function testRedis(): { url: string; caFile: string | undefined } {
  const url = required(TEST_REDIS_URL_ENV);
  return { url, caFile: url.startsWith("rediss://") ? localTls().caFile : undefined };
}

/** A topic name no other test (or earlier run against the same broker) uses: `<prefix>-<time>-<random>`. */
export function uniqueTopic(prefix: string): string {
  const safe = prefix.replace(/[^a-zA-Z0-9._-]/g, "-");
  return `${safe}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/**
 * The platform's four topics as instances of their own (`<topic>_<tag>-<time>-<random>`), which the
 * local broker's role ACLs cover like the real names, plus a consumer group name.
 */
export function instanceTopics(tag: string) {
  const suffix = uniqueTopic(tag);
  return {
    transactions: `${TOPICS.transactions}_${suffix}`,
    scores: `${TOPICS.scores}_${suffix}`,
    dlq: `${TOPICS.transactionsDlq}_${suffix}`,
    labels: `${TOPICS.labels}_${suffix}`,
    group: `group_${suffix}`,
  };
}
