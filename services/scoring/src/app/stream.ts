import http from "node:http";
import { kafkaConnectionOf, type StreamConfig } from "../config/config";
import type { Logger } from "../log/logger";
import type { Metrics } from "../metrics/metrics";
import { KafkaTransport, type KafkaTransportOptions } from "../stream/kafka-transport";
import { createStreamWorker } from "../stream/stream-worker";
import { createRuntime } from "./runtime";

/** The transport the stream command runs, from validated config (also the bench's and tests' way in). */
export function kafkaTransportOptions(
  config: StreamConfig,
  metrics: Metrics,
  logger: Logger,
): KafkaTransportOptions {
  return {
    settings: {
      connection: kafkaConnectionOf(config),
      clientId: config.KAFKA_CLIENT_ID,
      groupId: config.KAFKA_GROUP_ID,
      groupInstanceId: config.KAFKA_GROUP_INSTANCE_ID,
      transactionalId: config.KAFKA_TRANSACTIONAL_ID,
      inputTopic: config.KAFKA_TOPIC_TRANSACTIONS,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      maxBytesPerPartition: config.KAFKA_MAX_BYTES_PER_PARTITION,
      transactionTimeoutMs: config.KAFKA_TRANSACTION_TIMEOUT_MS,
    },
    maxPollRecords: config.KAFKA_MAX_POLL_RECORDS,
    metrics,
    logger,
  };
}

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

  const transport = new KafkaTransport(kafkaTransportOptions(config, metrics, logger));
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
    {
      topic: config.KAFKA_TOPIC_TRANSACTIONS,
      group: config.KAFKA_GROUP_ID,
      instance: config.KAFKA_GROUP_INSTANCE_ID,
      security: config.KAFKA_SECURITY_PROTOCOL,
    },
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
