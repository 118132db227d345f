import type { ServeConfig } from "../config/config";
import { createHttpServer } from "../http/server";
import type { Logger } from "../log/logger";
import { createRuntime } from "./runtime";

/** `serve`: the HTTP API. Returns a stop function that drains in-flight requests. */
export async function runServe(
  config: ServeConfig,
  logger: Logger,
): Promise<{ stop(): Promise<void>; url: string }> {
  const runtime = createRuntime(config, logger);
  await runtime.start();
  const app = createHttpServer({
    scorer: runtime.scorer,
    models: runtime.models,
    snapshots: runtime.snapshots,
    store: runtime.store,
    metrics: runtime.metrics,
    logger,
    maxBatchSize: config.MAX_BATCH_SIZE,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
  });
  const url = await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  logger.info({ url, model: runtime.models.current?.version ?? null }, "scoring API listening");
  return {
    url,
    async stop() {
      // fastify.close stops accepting and waits for in-flight requests to finish.
      await app.close();
      await runtime.close();
    },
  };
}
