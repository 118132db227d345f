import http, { type IncomingMessage, type ServerResponse } from "node:http";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from "fastify";
import type { Logger } from "pino";
import type { Authenticator } from "../auth/token-authenticator";
import { ScoringError, toErrorBody } from "../errors/catalogue";
import { MAX_PROBLEMS_PER_ITEM, type Transaction, type TransactionValidator } from "../features/transaction";
import type { Metrics } from "../metrics/metrics";
import type { LoadedModel } from "../model/bundle";
import { createMicroBatcher } from "../scoring/micro-batcher";
import type { Current } from "../scoring/feature-rows";
import type { Scorer } from "../scoring/scorer";
import type { TerminalSnapshot } from "../terminal/snapshot";
import { invalidReason, invalidRequest, ProblemCollector, toScoringError } from "./error-mapping";
import { registerJsonBody } from "./json-body";
import { buildOpenApi } from "./openapi";
import { batchResponseSchema, modelInfoSchema, scoreResultSchema } from "./schemas";

export interface HttpTimeouts {
  /** Whole request (headers and body) received within this, else 408 and close. Default 10 s. */
  requestMs: number;
  /** Headers received within this (slow senders are cut off). Default 5 s. */
  headersMs: number;
  /** Idle keep-alive connections are closed after this. Default 30 s. */
  keepAliveMs: number;
}

export interface HttpServerDeps {
  scorer: Scorer;
  validator: TransactionValidator;
  authenticator: Authenticator;
  models: Current<LoadedModel>;
  snapshots: Current<TerminalSnapshot>;
  metrics: Metrics;
  logger: Logger;
  /** Default 1000. */
  maxBatchSize?: number;
  /** Default 4 MiB (the batch route; the single route takes at most 64 KiB). */
  bodyLimitBytes?: number;
  /** Single-transaction requests waiting for the scorer before 503 + Retry-After. Default 4096. */
  maxQueued?: number;
  timeouts?: Partial<HttpTimeouts>;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { requestMs: 10_000, headersMs: 5000, keepAliveMs: 30_000 };
/** Seconds a client told OVERLOADED waits: about one scorer call's worth of backlog. */
const RETRY_AFTER_SECONDS = "1";
const SINGLE_BODY_LIMIT = 64 << 10;
/** JSON values one transaction may hold with room to spare (a valid one has 11). */
const VALUES_PER_TRANSACTION = 16;

type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

/**
 * The scoring API (DESIGN 4.5) on its own port: `/v1/*` behind bearer tokens, `/openapi.json`
 * open. `/metrics` and the probes are on other ports (ops-servers.ts), so network policy can admit
 * each only from who needs it. Not yet listening: call `listen` or `inject`.
 */
export function createHttpServer(deps: HttpServerDeps): App {
  const { scorer, validator, authenticator, models, snapshots, metrics, logger } = deps;
  const maxBatchSize = deps.maxBatchSize ?? 1000;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const app: App = Fastify({
    loggerInstance: logger,
    // Per-request log lines would dominate CPU at 10k req/s; errors are still logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes ?? 4 << 20,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    serverFactory: (handler) => boundedServer(handler, timeouts),
    return503OnClosing: true,
  });
  registerJsonBody(app);
  const batcher = createMicroBatcher(scorer, { maxBatch: maxBatchSize, maxQueued: deps.maxQueued ?? 4096 });
  const openApi = buildOpenApi(maxBatchSize);

  // No pino child logger per request (a measurable share of per-request CPU in profiles); errors
  // are logged through the service logger with the request id instead.
  app.setChildLoggerFactory((parent) => parent);

  // Callback style: an async hook costs a promise per request. The labelled child is looked up once
  // per route and status (label hashing per observation showed in profiles).
  const durations = new Map<string, ReturnType<typeof metrics.httpRequestDuration.labels>>();
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const key = `${reply.statusCode} ${route}`;
    let child = durations.get(key);
    if (child === undefined) {
      child = metrics.httpRequestDuration.labels({ route, status: String(reply.statusCode) });
      durations.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });

  app.setErrorHandler((err, request, reply) => {
    const scoringError = toScoringError(err as Error);
    metrics.scoringErrors.inc({ path: "http", code: scoringError.code });
    if (scoringError.status === 400 || scoringError.status === 413 || scoringError.status === 415) {
      metrics.invalidInput.inc({ path: "http", reason: invalidReason(scoringError) });
    } else if (scoringError.status >= 500 && scoringError.code !== "OVERLOADED") {
      logger.error(
        { err: scoringError.cause ?? err, code: scoringError.code, reqId: request.id },
        "request failed",
      );
    }
    if (scoringError.code === "OVERLOADED") reply.header("retry-after", RETRY_AFTER_SECONDS);
    if (scoringError.code === "UNAUTHENTICATED") {
      reply.header("www-authenticate", 'Bearer realm="antifraud-scoring"');
    }
    void reply.code(scoringError.status).send(toErrorBody(scoringError));
  });

  app.setNotFoundHandler((_request, reply) => {
    void reply
      .code(404)
      .send({ error: { code: "NOT_FOUND", message: "No such route.", retriable: false, details: null } });
  });

  // Before the body is read: an unauthenticated request costs no parsing.
  const authenticate = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    try {
      authenticator.authenticate(request.headers.authorization);
      done();
    } catch (err) {
      done(err as Error);
    }
  };

  const parseOne = (body: unknown): Transaction => {
    const result = validator.validate(body);
    if (result.ok) return result.tx;
    const problems = new ProblemCollector();
    problems.add(result.problems, "", result.problems.length >= MAX_PROBLEMS_PER_ITEM);
    throw problems.toError(1);
  };

  const parseBatch = (body: unknown): Transaction[] => {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw invalidRequest("", "not_an_object", 'the body must be an object {"transactions": [...]}');
    }
    for (const key in body) {
      if (key !== "transactions")
        throw invalidRequest(`/${key.slice(0, 64)}`, "unexpected_field", "unknown field");
    }
    const items = (body as { transactions?: unknown }).transactions;
    if (!Array.isArray(items)) {
      throw invalidRequest("/transactions", "missing_field", "transactions must be an array");
    }
    if (items.length === 0) throw new ScoringError("EMPTY_BATCH");
    if (items.length > maxBatchSize) {
      throw new ScoringError("BATCH_TOO_LARGE", `at most ${maxBatchSize} transactions per request`);
    }
    const txs: Transaction[] = [];
    const problems = new ProblemCollector();
    items.forEach((item, i) => {
      const result = validator.validate(item);
      if (result.ok) txs.push(result.tx);
      else
        problems.add(result.problems, `/transactions/${i}`, result.problems.length >= MAX_PROBLEMS_PER_ITEM);
    });
    if (!problems.empty) throw problems.toError(items.length);
    return txs;
  };

  const singleShape = { maxDepth: 4, maxValues: 4 * VALUES_PER_TRANSACTION, maxArrayItems: 16 };
  app.post(
    "/v1/score",
    {
      onRequest: authenticate,
      bodyLimit: Math.min(SINGLE_BODY_LIMIT, deps.bodyLimitBytes ?? SINGLE_BODY_LIMIT),
      config: { jsonShape: singleShape },
      schema: { response: { 200: scoreResultSchema } },
    },
    (request) => batcher.score(parseOne(request.body)),
  );

  const batchShape = {
    maxDepth: 4,
    maxValues: (maxBatchSize + 1) * VALUES_PER_TRANSACTION,
    maxArrayItems: maxBatchSize,
  };
  app.post(
    "/v1/score/batch",
    {
      onRequest: authenticate,
      config: { jsonShape: batchShape },
      schema: { response: { 200: batchResponseSchema } },
    },
    async (request) => ({ results: await scorer.score(parseBatch(request.body), "http") }),
  );

  app.get(
    "/v1/model",
    { onRequest: authenticate, schema: { response: { 200: modelInfoSchema } } },
    async () => {
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
    },
  );

  app.get("/openapi.json", async () => openApi);

  return app;
}

/**
 * node:http with every timeout bounded: headers and the whole request must arrive in time (slow
 * senders are answered 408 and closed) and the check runs every second instead of node's 30 s.
 */
export function boundedServer(handler: http.RequestListener, timeouts: HttpTimeouts): http.Server {
  const server = http.createServer(
    {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
      noDelay: true,
    },
    handler,
  );
  return server;
}
