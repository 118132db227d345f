/**
 * Baseline for the stream figures: the stream worker's own Kafka transport (librdkafka consumer
 * with static membership, group commit, transactional producer) with a handler that copies each
 * input value to the output topic: no parsing, Redis or inference. It shows what consuming and
 * producing exactly once over SASL_SSL costs here. Configured through the environment: the
 * worker's own KAFKA_* variables (same validation) plus OUTPUT.
 */
import { Registry } from "prom-client";
import { kafkaConnectionOf, loadStreamConfig } from "../src/config/config";
import { silentLogger } from "../src/log/logger";
import { createMetrics } from "../src/metrics/metrics";
import { KafkaTransport } from "../src/stream/kafka-transport";

const output = process.env.OUTPUT;
if (output === undefined) throw new Error("OUTPUT is not set");
const config = loadStreamConfig(process.env);
const transport = new KafkaTransport({
  settings: {
    connection: kafkaConnectionOf(config),
    clientId: "bench-echo",
    groupId: config.KAFKA_GROUP_ID,
    groupInstanceId: config.KAFKA_GROUP_INSTANCE_ID,
    transactionalId: config.KAFKA_TRANSACTIONAL_ID,
    inputTopic: config.KAFKA_TOPIC_TRANSACTIONS,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    maxBytesPerPartition: config.KAFKA_MAX_BYTES_PER_PARTITION,
    transactionTimeoutMs: config.KAFKA_TRANSACTION_TIMEOUT_MS,
  },
  maxPollRecords: config.KAFKA_MAX_POLL_RECORDS,
  metrics: createMetrics(new Registry()),
  logger: silentLogger(),
});

process.once("SIGTERM", () => void transport.stop().then(() => process.exit(0)));
void transport.run(async (batch) =>
  batch.messages.map((m) => ({ topic: output, key: m.key, value: m.value ?? Buffer.alloc(0) })),
);
