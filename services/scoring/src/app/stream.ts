import http from "node:http";
import type { StreamConfig } from "../config/config";
import type { Logger } from "../log/logger";
import { KafkajsTransport, readCa } from "../stream/kafkajs-transport";
import { createStreamWorker } from "../stream/stream-worker";
import { createRuntime } from "./runtime";

/** `stream`: the Kafka worker plus a small /metrics, /healthz, /readyz listener. */
export async function runStream(config: StreamConfig, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const runtime = createRuntime(config, logger);
  await runtime.start();
  const { metrics, models, snapshots, store } = runtime;
  const probes = http.createServer((req, res) => {
    void (async () => {
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (req.url === "/healthz") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      } else if (req.url === "/readyz") {
        const checks = {
          model: models.current !== null,
          terminal_snapshot: snapshots.current !== null,
          redis: await store.ping(),
        };
        const ready = Object.values(checks).every(Boolean);
        res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: ready ? "ready" : "not_ready", checks }));
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => probes.listen(config.METRICS_PORT, config.HTTP_HOST, resolve));

  const sasl =
    config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD
      ? {
          mechanism: config.KAFKA_SASL_MECHANISM,
          username: config.KAFKA_SASL_USERNAME,
          password: config.KAFKA_SASL_PASSWORD,
        }
      : undefined;
  const transport = new KafkajsTransport({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    groupId: config.KAFKA_GROUP_ID,
    transactionalId: config.KAFKA_TRANSACTIONAL_ID,
    inputTopic: config.KAFKA_TOPIC_TRANSACTIONS,
    producer: config.KAFKA_PRODUCER,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    maxBytesPerPartition: config.KAFKA_MAX_BYTES_PER_PARTITION,
    concurrentPartitions: config.KAFKA_CONCURRENT_PARTITIONS,
    ssl: config.KAFKA_SSL ? readCa(config.KAFKA_SSL_CA_PATH) : false,
    sasl,
    metrics,
    logger,
  });
  const worker = createStreamWorker({
    transport,
    scorer: runtime.scorer,
    validator: runtime.validator,
    topics: { scores: config.KAFKA_TOPIC_SCORES, dlq: config.KAFKA_TOPIC_DLQ },
    metrics,
    logger,
  });
  await worker.start();
  logger.info(
    { topic: config.KAFKA_TOPIC_TRANSACTIONS, group: config.KAFKA_GROUP_ID, producer: config.KAFKA_PRODUCER },
    "stream worker running",
  );
  return {
    async stop() {
      await worker.stop();
      await new Promise((resolve) => probes.close(resolve));
      await runtime.close();
    },
  };
}
