import Redis from "ioredis";
// Direct module imports: the shared-service detector of scripts/local would otherwise start a shared
// broker for this file too, and the stream tests need a private one they may restart.
import { startKafka, type KafkaHandle } from "../../../../scripts/local/src/kafka/start-kafka";
import { startRedis } from "../../../../scripts/local/src/redis/start-redis";

/**
 * The run's shared Redis (ANTIFRAUD_TEST_REDIS_URL from the jest global setup, see testRedisUrl in
 * scripts/local), or a private one started here when the variable is absent.
 */
export async function ensureRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const shared = process.env.ANTIFRAUD_TEST_REDIS_URL;
  if (shared) return { url: shared, stop: async () => undefined };
  const redis = await startRedis();
  return { url: redis.url, stop: () => redis.stop() };
}

/** A private broker: the stream tests restart it, which a shared one must not suffer. */
export async function privateKafka(): Promise<KafkaHandle> {
  return startKafka({ numPartitions: 3, overrides: { "group.initial.rebalance.delay.ms": 0 } });
}

export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}

export const uniquePrefix = (name: string) =>
  `t:${name}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}:`;
