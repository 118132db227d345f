/**
 * Baseline for the stream figures: the stream worker's own Kafka transport (librdkafka consumer
 * with static membership, group commit, transactional producer) with a handler that copies each
 * input value to the output topic: no parsing, Redis or inference. It shows what consuming and
 * producing exactly once over SASL_SSL costs here. Configured through the environment: the
 * worker's own KAFKA_* variables (same validation) plus OUTPUT.
 */
import { Registry } from "prom-client";
import { kafkaTransportOptions } from "../src/app/stream";
import { loadStreamConfig } from "../src/config/config";
import { silentLogger } from "../src/log/logger";
import { createMetrics } from "../src/metrics/metrics";
import { KafkaTransport } from "../src/stream/kafka-transport";

const output = process.env.OUTPUT;
if (output === undefined) throw new Error("OUTPUT is not set");
const transport = new KafkaTransport(
  kafkaTransportOptions(loadStreamConfig(process.env), createMetrics(new Registry()), silentLogger()),
);

process.once("SIGTERM", () => void transport.stop().then(() => process.exit(0)));
void transport.run(async (batch) =>
  batch.messages.map((m) => ({ topic: output, key: m.key, value: m.value ?? Buffer.alloc(0) })),
);
