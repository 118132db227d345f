import { randomBytes } from "node:crypto";

/** Set by the jest global setup (or by hand, to reuse running services) for integration tests. */
export const TEST_KAFKA_BROKERS_ENV = "ANTIFRAUD_TEST_KAFKA_BROKERS";
export const TEST_REDIS_URL_ENV = "ANTIFRAUD_TEST_REDIS_URL";

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set. The jest global setup starts the shared service only for test files that mention ` +
        `${name} (or testKafkaBrokers()/testRedisUrl()) directly or through a relative import; ` +
        "or export it to point at a running service (npm run local:up prints the values).",
    );
  }
  return value;
}

/** Bootstrap servers of the run's shared broker, as a kafkajs `brokers` list. */
export function testKafkaBrokers(): string[] {
  return required(TEST_KAFKA_BROKERS_ENV).split(",");
}

/** `redis://127.0.0.1:<port>` of the run's shared Redis. Use a key prefix or your own DB index per test. */
export function testRedisUrl(): string {
  return required(TEST_REDIS_URL_ENV);
}

/** A topic name no other test (or earlier run against the same broker) uses: `<prefix>-<time>-<random>`. */
export function uniqueTopic(prefix: string): string {
  const safe = prefix.replace(/[^a-zA-Z0-9._-]/g, "-");
  return `${safe}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}
