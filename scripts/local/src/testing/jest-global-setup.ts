import { startKafka, type KafkaHandle } from "../kafka/start-kafka";
import { startRedis, type RedisHandle } from "../redis/start-redis";
import { join } from "node:path";
import { openTempRoot, type TempRoot } from "./temp-root";
import { TEST_KAFKA_BROKERS_ENV, TEST_KAFKA_SECURITY_ENV, TEST_REDIS_URL_ENV } from "./test-env";

/** Written by testing/test-sequencer.cjs: a comma list of "kafka", "redis". */
export const NEEDED_SERVICES_ENV = "ANTIFRAUD_TEST_NEEDED_SERVICES";

export interface StartedTestServices {
  kafka?: KafkaHandle;
  redis?: RedisHandle;
  tempRoot?: TempRoot;
}

/** The global setup and teardown run in jest's main process; globalThis carries the handles between them. */
const HANDLES_KEY = Symbol.for("antifraud.testServices");
export function startedTestServices(): StartedTestServices {
  const holder = globalThis as unknown as Record<symbol, StartedTestServices | undefined>;
  holder[HANDLES_KEY] ??= {};
  return holder[HANDLES_KEY];
}

/**
 * One Kafka broker and one Redis for the whole jest run, started only when a selected test file needs
 * them and the environment does not already name running ones. Workers inherit the env variables.
 * Both speak the production protocol: Kafka SASL_SSL with SCRAM users and ACLs, Redis TLS + password.
 * First of all the run gets its own temp folder (see temp-root.ts).
 */
export default async function globalSetup(): Promise<void> {
  const needed = new Set((process.env[NEEDED_SERVICES_ENV] ?? "").split(",").filter(Boolean));
  const started = startedTestServices();
  started.tempRoot = openTempRoot();
  const tasks: Promise<void>[] = [];
  if (needed.has("kafka") && !process.env[TEST_KAFKA_BROKERS_ENV]) {
    tasks.push(
      startKafka().then((kafka) => {
        started.kafka = kafka;
        process.env[TEST_KAFKA_BROKERS_ENV] = kafka.bootstrapServers;
        process.env[TEST_KAFKA_SECURITY_ENV] = join(kafka.dir, "security.json");
        console.log(
          `\nlocal kafka: SASL_SSL on ${kafka.bootstrapServers} ready in ${(kafka.startupMs / 1000).toFixed(1)} s`,
        );
      }),
    );
  }
  if (needed.has("redis") && !process.env[TEST_REDIS_URL_ENV]) {
    tasks.push(
      startRedis().then((redis) => {
        started.redis = redis;
        process.env[TEST_REDIS_URL_ENV] = redis.url;
        console.log(`\nlocal redis: TLS on 127.0.0.1:${redis.port} ready in ${redis.startupMs} ms`);
      }),
    );
  }
  const results = await Promise.allSettled(tasks);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure !== undefined) {
    await Promise.all([started.kafka?.stop(), started.redis?.stop()]);
    started.tempRoot.close();
    throw failure.reason;
  }
}
