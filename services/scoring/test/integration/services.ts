import fs from "node:fs";
import Redis from "ioredis";
// Direct module imports: the shared-service detector of scripts/local would otherwise start a shared
// broker for this file too, and the stream tests need a private one they may restart.
import { localTls, startKafka, startRedis, type KafkaHandle, type RedisHandle } from "@antifraud/local";

export interface TestRedis {
  /** `rediss://:<password>@127.0.0.1:<port>`. */
  url: string;
  /** The CA the server certificate is verified against. */
  caFile: string;
  stop(): Promise<void>;
}

/**
 * The run's shared Redis (ANTIFRAUD_TEST_REDIS_URL from the jest global setup: TLS with a password),
 * or a private one started here when the variable is absent.
 */
export async function ensureRedis(): Promise<TestRedis> {
  const shared = process.env.ANTIFRAUD_TEST_REDIS_URL;
  if (shared) return { url: shared, caFile: localTls().caFile, stop: async () => undefined };
  const redis = await startRedis();
  return { url: redis.url, caFile: redis.caFile!, stop: () => redis.stop() };
}

/** A private TLS Redis the test may kill and restart (an outage). */
export function privateRedis(): Promise<RedisHandle> {
  return startRedis();
}

/** A private SASL_SSL broker: the stream tests restart it, which a shared one must not suffer. */
export async function privateKafka(): Promise<KafkaHandle> {
  return startKafka({ numPartitions: 3, overrides: { "group.initial.rebalance.delay.ms": 0 } });
}

/** ioredis over TLS, verifying the server against `caFile` (as the service does). */
export function redisClient(url: string, caFile: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    ...(url.startsWith("rediss://") ? { tls: { ca: fs.readFileSync(caFile, "utf8") } } : {}),
  });
}

export const uniquePrefix = (name: string) =>
  `t:${name}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}:`;
