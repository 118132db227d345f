import type { IncomingMessage, ServerResponse } from "node:http";
import Fastify, { type FastifyInstance, LogController, type RawServerDefault } from "fastify";
import type { Logger } from "pino";
import { ScoringError, toErrorBody } from "../errors/catalogue";
import { type Transaction, validateTransaction } from "../features/transaction";
import type { Metrics } from "../metrics/metrics";
import type { LoadedModel } from "../model/bundle";
import { createMicroBatcher } from "../scoring/micro-batcher";
import type { Current, Scorer } from "../scoring/scorer";
import type { CustomerWindowStore } from "../store/customer-window-store";
import type { TerminalSnapshot } from "../terminal/snapshot";
import { invalidReason, invalidTransaction, toScoringError } from "./error-mapping";
import { buildOpenApi } from "./openapi";
import {
  batchRequestSchema,
  batchResponseSchema,
  modelInfoSchema,
  scoreResultSchema,
  statusSchema,
  transactionSchema,
} from "./schemas";

export interface HttpServerDeps {
  scorer: Scorer;
  models: Current<LoadedModel>;
  snapshots: Current<TerminalSnapshot>;
  store: CustomerWindowStore;
  metrics: Metrics;
  logger: Logger;
  /** Default 1000. */
  maxBatchSize?: number;
  /** Default 4 MiB. */
  bodyLimitBytes?: number;
}

/** The scoring HTTP API (DESIGN 4.5), not yet listening: call `listen` or `inject`. */
export function createHttpServer(
  deps: HttpServerDeps,
): FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger> {
  const { scorer, models, snapshots, store, metrics, logger } = deps;
  const maxBatchSize = deps.maxBatchSize ?? 1000;
  const app = Fastify({
    loggerInstance: logger,
    // Per-request log lines would dominate CPU at 10k req/s; errors are still logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes ?? 4 << 20,
    // Strict: never strip or coerce, so a label field or a string amount is a 400, not silently fixed.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true },
    },
  });
  // JSON only: a text/plain body would otherwise reach schema validation as a string.
  app.removeContentTypeParser("text/plain");
  const batcher = createMicroBatcher(scorer, { maxBatch: maxBatchSize });
  const openApi = buildOpenApi(maxBatchSize);

  // No pino child logger per request (a measurable share of per-request CPU in profiles); errors
  // are logged through the service logger with the request id instead.
  app.setChildLoggerFactory((parent) => parent);

  // Callback style: an async hook costs a promise per request.
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequestDuration.observe(
      { route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.setErrorHandler(async (err, request, reply) => {
    const scoringError = toScoringError(err as Error);
    metrics.scoringErrors.inc({ path: "http", code: scoringError.code });
    if (scoringError.status < 500) {
      metrics.invalidInput.inc({ path: "http", reason: invalidReason(scoringError) });
    } else {
      logger.error(
        { err: scoringError.cause ?? err, code: scoringError.code, reqId: request.id },
        "request failed",
      );
    }
    return reply.code(scoringError.status).send(toErrorBody(scoringError));
  });

  app.setNotFoundHandler(async (_request, reply) =>
    reply
      .code(404)
      .send({ error: { code: "NOT_FOUND", message: "No such route.", retriable: false, details: null } }),
  );

  const parse = (body: unknown, pathPrefix: string): Transaction => {
    const result = validateTransaction(body);
    if (!result.ok) throw invalidTransaction(result.error, pathPrefix);
    return result.tx;
  };

  app.post(
    "/v1/score",
    { schema: { body: transactionSchema, response: { 200: scoreResultSchema } } },
    async (request) => batcher.score(parse(request.body, "")),
  );

  app.post(
    "/v1/score/batch",
    { schema: { body: batchRequestSchema(maxBatchSize), response: { 200: batchResponseSchema } } },
    async (request) => {
      const body = request.body as { transactions: unknown[] };
      const txs = body.transactions.map((t, i) => parse(t, `/transactions/${i}`));
      return { results: await scorer.score(txs, "http") };
    },
  );

  app.get("/v1/model", { schema: { response: { 200: modelInfoSchema } } }, async () => {
    const model = models.current;
    if (model === null) throw new ScoringError("MODEL_NOT_LOADED");
    return {
      version: model.version,
      created_at: model.createdAt.toISOString(),
      loaded_at: model.loadedAt.toISOString(),
      threshold: model.threshold,
      feature_spec_version: model.specVersion,
      feature_names: model.manifest.feature_names,
      metrics: model.manifest.metrics,
      terminal_snapshot_as_of_day: snapshots.current?.asOfDay ?? null,
    };
  });

  app.get("/healthz", { schema: { response: { 200: statusSchema } } }, async () => ({ status: "ok" }));

  app.get(
    "/readyz",
    { schema: { response: { 200: statusSchema, 503: statusSchema } } },
    async (_request, reply) => {
      const checks = {
        model: models.current !== null,
        terminal_snapshot: snapshots.current !== null,
        redis: await store.ping(),
      };
      const ready = checks.model && checks.terminal_snapshot && checks.redis;
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks });
    },
  );

  app.get("/metrics", async (_request, reply) =>
    reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  app.get("/openapi.json", async () => openApi);

  return app;
}
