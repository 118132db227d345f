/**
 * Baseline for the stream figures: the stream worker's own Kafka transport (kafkajs consumer, group
 * commit, transactional producer) with a handler that copies each input value to the output topic:
 * no parsing, Redis or inference. It shows what consuming and producing exactly once costs here.
 * Configured through the environment: BROKERS, GROUP, TRANSACTIONAL_ID, INPUT, OUTPUT, PRODUCER.
 */
import { Registry } from "prom-client";
import { silentLogger } from "../src/log/logger";
import { createMetrics } from "../src/metrics/metrics";
import { KafkajsTransport } from "../src/stream/kafkajs-transport";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const output = env("OUTPUT");
const transport = new KafkajsTransport({
  brokers: [env("BROKERS")],
  clientId: "bench-echo",
  groupId: env("GROUP"),
  transactionalId: env("TRANSACTIONAL_ID"),
  inputTopic: env("INPUT"),
  producer: env("PRODUCER") === "kafkajs" ? "kafkajs" : "wire",
  metrics: createMetrics(new Registry()),
  logger: silentLogger(),
});

process.once("SIGTERM", () => void transport.stop().then(() => process.exit(0)));
void transport.run(async (batch) =>
  batch.messages.map((m) => ({ topic: output, key: m.key, value: m.value ?? Buffer.alloc(0) })),
);
