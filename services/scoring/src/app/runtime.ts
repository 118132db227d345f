import fs from "node:fs";
import Redis from "ioredis";
import { Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "pino";
import { createDriftMonitor } from "../drift/drift-monitor";
import { type FeatureSpec, loadFeatureSpec } from "../features/spec";
import { createMetrics, type Metrics } from "../metrics/metrics";
import { createArtifactStore } from "../artifacts/artifact-store";
import type { LoadedModel } from "../model/bundle";
import type { HotReloader } from "../artifacts/hot-reloader";
import { createModelRegistry } from "../model/model-registry";
import { createScorer, type Scorer } from "../scoring/scorer";
import { createTransactionValidator, type TransactionValidator } from "../features/transaction";
import { serviceClock } from "../features/service-clock";
import type { CustomerWindowStore } from "../store/customer-window-store";
import { RedisCustomerWindowStore } from "../store/redis-customer-window-store";
import type { TerminalSnapshot } from "../terminal/snapshot";
import { createSnapshotRegistry } from "../terminal/snapshot-registry";
import type { ServeConfig } from "../config/config";

type CommonConfig = Pick<
  ServeConfig,
  | "MODELS_ROOT"
  | "FEATURES_ROOT"
  | "FEATURE_SPEC_PATH"
  | "RELOAD_INTERVAL_MS"
  | "S3_ENDPOINT"
  | "S3_REGION"
  | "REDIS_URL"
  | "REDIS_TLS_CA_PATH"
  | "REDIS_KEY_PREFIX"
  | "CUSTOMER_WINDOW_LATENESS_S"
  | "CUSTOMER_WINDOW_TTL_S"
  | "CUSTOMER_WINDOW_CACHE_CUSTOMERS"
  | "REDIS_COMMAND_TIMEOUT_MS"
  | "TX_MAX_FUTURE_SKEW_S"
  | "REPLAY_CLOCK_FROM"
  | "MODEL_SIGNING_PUBLIC_KEYS"
  | "DRIFT_WINDOW_ROWS"
>;

/** Everything both commands share, built from validated config. */
export interface Runtime {
  spec: FeatureSpec;
  metrics: Metrics;
  store: CustomerWindowStore;
  models: HotReloader<LoadedModel>;
  snapshots: HotReloader<TerminalSnapshot>;
  scorer: Scorer;
  /** The transaction contract with the time check against the service clock. */
  validator: TransactionValidator;
  /** First load of model and snapshot, then polling. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createRuntime(config: CommonConfig, logger: Logger): Runtime {
  const spec = loadFeatureSpec(config.FEATURE_SPEC_PATH);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "antifraud_process_" });
  const metrics = createMetrics(registry);
  const s3 = { endpoint: config.S3_ENDPOINT, region: config.S3_REGION };
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    // A command Redis does not answer in time fails its batch (retriable 503 / redelivery)
    // instead of holding requests and memory while the connection hangs.
    commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    enableAutoPipelining: false,
    lazyConnect: false,
    // rediss:// turns TLS on; the server certificate is verified against the configured CA.
    ...(config.REDIS_URL.startsWith("rediss://") && config.REDIS_TLS_CA_PATH !== undefined
      ? { tls: { ca: fs.readFileSync(config.REDIS_TLS_CA_PATH, "utf8") } }
      : {}),
  });
  // ioredis reports every reconnect attempt; log transitions only.
  let redisDown = false;
  redis.on("error", (err) => {
    if (!redisDown) logger.warn({ err: err.message }, "redis unreachable; retrying");
    redisDown = true;
  });
  redis.on("ready", () => {
    if (redisDown) logger.info("redis reachable again");
    redisDown = false;
  });
  const store = new RedisCustomerWindowStore(redis, {
    windowDays: spec.customerWindows,
    keyPrefix: config.REDIS_KEY_PREFIX,
    latenessSeconds: config.CUSTOMER_WINDOW_LATENESS_S,
    ttlSeconds: config.CUSTOMER_WINDOW_TTL_S,
    cacheCustomers: config.CUSTOMER_WINDOW_CACHE_CUSTOMERS,
    onWindows: (fromCopy, fromRedis) => {
      if (fromCopy > 0) metrics.customerWindows.inc({ source: "copy" }, fromCopy);
      if (fromRedis > 0) metrics.customerWindows.inc({ source: "redis" }, fromRedis);
    },
  });
  const models = createModelRegistry({
    store: createArtifactStore(config.MODELS_ROOT, s3),
    spec,
    signingKeys: config.MODEL_SIGNING_PUBLIC_KEYS,
    metrics,
    logger,
  });
  const snapshots = createSnapshotRegistry({
    store: createArtifactStore(config.FEATURES_ROOT, s3),
    spec,
    metrics,
    logger,
  });
  const scorer = createScorer({
    models,
    snapshots,
    store,
    metrics,
    drift: createDriftMonitor(metrics, config.DRIFT_WINDOW_ROWS),
  });
  const validator = createTransactionValidator({
    now: serviceClock(config.REPLAY_CLOCK_FROM),
    maxFutureSkewSeconds: config.TX_MAX_FUTURE_SKEW_S,
  });
  return {
    spec,
    metrics,
    store,
    models,
    snapshots,
    scorer,
    validator,
    async start() {
      await Promise.all([models.refresh(), snapshots.refresh()]);
      models.start(config.RELOAD_INTERVAL_MS);
      snapshots.start(config.RELOAD_INTERVAL_MS);
    },
    async close() {
      models.stop();
      snapshots.stop();
      await store.close();
    },
  };
}
