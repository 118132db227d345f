import { createTokenAuthenticator } from "../auth/token-authenticator";
import type { ServeConfig } from "../config/config";
import { createHealthServer, createMetricsServer } from "../http/ops-servers";
import { createHttpServer } from "../http/server";
import type { Logger } from "../log/logger";
import { createRuntime } from "./runtime";

/** `serve`: the HTTP API, /metrics and the probes, each on its own port. Stop drains requests. */
export async function runServe(
  config: ServeConfig,
  logger: Logger,
): Promise<{ stop(): Promise<void>; url: string; metricsUrl: string; healthUrl: string }> {
  const runtime = createRuntime(config, logger);
  await runtime.start();
  const app = createHttpServer({
    scorer: runtime.scorer,
    validator: runtime.validator,
    authenticator: createTokenAuthenticator({
      publicKeys: config.AUTH_TOKEN_PUBLIC_KEYS,
      issuer: config.AUTH_TOKEN_ISSUER,
      audience: config.AUTH_TOKEN_AUDIENCE,
    }),
    models: runtime.models,
    snapshots: runtime.snapshots,
    metrics: runtime.metrics,
    logger,
    maxBatchSize: config.MAX_BATCH_SIZE,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    maxQueued: config.HTTP_MAX_QUEUED,
    timeouts: {
      requestMs: config.HTTP_REQUEST_TIMEOUT_MS,
      headersMs: config.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
  });
  const metricsApp = createMetricsServer(runtime.metrics.registry);
  const healthApp = createHealthServer(runtime);
  const host = config.HTTP_HOST;
  const url = await app.listen({ host, port: config.HTTP_PORT });
  const metricsUrl = await metricsApp.listen({ host, port: config.METRICS_PORT });
  const healthUrl = await healthApp.listen({ host, port: config.HEALTH_PORT });
  logger.info(
    { url, metricsUrl, healthUrl, model: runtime.models.current?.version ?? null },
    "scoring API listening",
  );
  return {
    url,
    metricsUrl,
    healthUrl,
    async stop() {
      // fastify.close stops accepting and waits for in-flight requests to finish.
      await app.close();
      await Promise.all([metricsApp.close(), healthApp.close()]);
      await runtime.close();
    },
  };
}
