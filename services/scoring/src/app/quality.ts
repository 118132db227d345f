import http from "node:http";
import { collectDefaultMetrics, Registry } from "prom-client";
import { kafkaConnectionOf, type QualityConfig } from "../config/config";
import type { Logger } from "../log/logger";
import { KafkaQualitySource, type KafkaQualitySourceSettings } from "../quality/kafka-quality-source";
import { createQualityConsumer, type QualityConsumerDeps } from "../quality/quality-consumer";
import type { QualitySource } from "../quality/quality-source";

/** The Kafka settings the quality command runs with, from validated config (also the tests' way in). */
export function qualitySourceSettings(config: QualityConfig): KafkaQualitySourceSettings {
  return {
    connection: kafkaConnectionOf(config),
    clientId: config.KAFKA_CLIENT_ID,
    groupId: config.QUALITY_KAFKA_GROUP_ID,
    topics: [config.KAFKA_TOPIC_SCORES, config.KAFKA_TOPIC_LABELS],
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    maxPollRecords: config.KAFKA_MAX_POLL_RECORDS,
  };
}

/** The quality consumer's dependencies from validated config, with the source, clock and registry given. */
export function qualityConsumerDeps(
  config: QualityConfig,
  injected: { source: QualitySource; clock: () => Date; registry: Registry; logger: Logger },
): QualityConsumerDeps {
  return {
    ...injected,
    topics: { scores: config.KAFKA_TOPIC_SCORES, labels: config.KAFKA_TOPIC_LABELS },
    window: { maxTransactions: config.QUALITY_WINDOW_TRANSACTIONS, maxAgeMs: config.QUALITY_WINDOW_S * 1000 },
    join: {
      maxPendingScores: config.QUALITY_PENDING_SCORES_MAX,
      scoreTtlMs: config.QUALITY_SCORE_TTL_S * 1000,
      maxPendingLabels: config.QUALITY_PENDING_LABELS_MAX,
      labelTtlMs: config.QUALITY_LABEL_TTL_S * 1000,
    },
    sweepIntervalMs: config.QUALITY_SWEEP_INTERVAL_MS,
  };
}

/** `quality`: the online quality consumer plus /metrics, /healthz and /readyz on the metrics port. */
export async function runQuality(config: QualityConfig, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "antifraud_process_" });
  const consumer = createQualityConsumer(
    qualityConsumerDeps(config, {
      source: new KafkaQualitySource(qualitySourceSettings(config), logger),
      clock: () => new Date(),
      registry,
      logger,
    }),
  );
  const probes = http.createServer((req, res) => {
    void (async () => {
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(await registry.metrics());
      } else if (req.url === "/healthz") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      } else if (req.url === "/readyz") {
        const ready = consumer.ready;
        res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: ready ? "ready" : "not_ready", checks: { kafka: ready } }));
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => probes.listen(config.METRICS_PORT, config.HTTP_HOST, resolve));
  await consumer.start();
  logger.info(
    {
      topics: [config.KAFKA_TOPIC_SCORES, config.KAFKA_TOPIC_LABELS],
      group: config.QUALITY_KAFKA_GROUP_ID,
      security: config.KAFKA_SECURITY_PROTOCOL,
    },
    "quality consumer running",
  );
  return {
    async stop() {
      await consumer.stop();
      await new Promise((resolve) => probes.close(resolve));
    },
  };
}
