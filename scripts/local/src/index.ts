export { startKafka, type KafkaHandle, type StartKafkaOptions } from "./kafka/start-kafka";
export { renderServerProperties, type KafkaNodeConfig } from "./kafka/kafka-config";
export { startRedis, type RedisHandle, type StartRedisOptions } from "./redis/start-redis";
export {
  startPrometheus,
  type PrometheusHandle,
  type StartPrometheusOptions,
} from "./prometheus/start-prometheus";
export {
  renderPrometheusConfig,
  type PrometheusConfig,
  type ScrapeTarget,
} from "./prometheus/prometheus-config";
export { freePort, LOCALHOST } from "./process/free-port";
export {
  testKafkaBrokers,
  testRedisUrl,
  uniqueTopic,
  TEST_KAFKA_BROKERS_ENV,
  TEST_REDIS_URL_ENV,
} from "./testing/test-env";
