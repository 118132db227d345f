import { join } from "node:path";
import { localConnection, type LocalBroker } from "@antifraud/local";
import { startChild, waitForHttpOk, type RunningChild } from "./child-process";

export interface ScoringEndpoints {
  readonly httpUrl: string;
  readonly httpHealthUrl: string;
  readonly streamMetricsUrl: string;
  readonly qualityMetricsUrl: string;
}

export interface ScoringSettings {
  readonly modelsRoot: string;
  readonly featuresRoot: string;
  readonly redisUrl: string;
  readonly redisCaFile: string;
  readonly kafka: LocalBroker;
  readonly httpPort: number;
  readonly httpMetricsPort: number;
  readonly httpHealthPort: number;
  readonly streamMetricsPort: number;
  readonly qualityMetricsPort: number;
  /** REPLAY_CLOCK_FROM: the service clock's start for a replay of history. */
  readonly replayClockFrom: string;
  readonly modelSigningPublicKey: string;
  readonly tokenPublicKey: string;
  readonly logDir: string;
  readonly redisKeyPrefix: string;
  readonly latenessSeconds: number;
  readonly ttlSeconds: number;
}

const MAIN = join(__dirname, "..", "..", "..", "services", "scoring", "src", "main.ts");

/** A pod's Kafka settings: SASL_SSL as its own user, verified against the CA. */
function kafkaEnv(broker: LocalBroker, user: "scoring-stream" | "scoring-quality"): NodeJS.ProcessEnv {
  const { security, brokers } = localConnection(broker, user);
  const base = { KAFKA_BROKERS: brokers.join(",") };
  if (security.protocol === "plaintext") return { ...base, KAFKA_SECURITY_PROTOCOL: "plaintext" };
  return {
    ...base,
    KAFKA_SECURITY_PROTOCOL: "sasl_ssl",
    KAFKA_SSL_CA_PATH: security.caFile,
    KAFKA_SASL_MECHANISM: security.mechanism,
    KAFKA_SASL_USERNAME: security.username,
    KAFKA_SASL_PASSWORD: security.password,
  };
}

/** Starts `serve`, `stream` and `quality` exactly as a deployment runs them (one process each), until ready. */
export async function startScoring(
  settings: ScoringSettings,
): Promise<{ children: RunningChild[]; endpoints: ScoringEndpoints }> {
  const env = {
    ...process.env,
    LOG_LEVEL: "info",
    MODELS_ROOT: settings.modelsRoot,
    FEATURES_ROOT: settings.featuresRoot,
    REDIS_URL: settings.redisUrl,
    REDIS_TLS_CA_PATH: settings.redisCaFile,
    REDIS_KEY_PREFIX: settings.redisKeyPrefix,
    CUSTOMER_WINDOW_LATENESS_S: String(settings.latenessSeconds),
    CUSTOMER_WINDOW_TTL_S: String(settings.ttlSeconds),
    RELOAD_INTERVAL_MS: "5000",
    HTTP_HOST: "127.0.0.1",
    REPLAY_CLOCK_FROM: settings.replayClockFrom,
    MODEL_SIGNING_PUBLIC_KEYS: settings.modelSigningPublicKey,
  };
  const nodeArgs = ["--import", "tsx", MAIN];
  const serve = startChild(
    "scoring serve",
    process.execPath,
    [...nodeArgs, "serve"],
    {
      ...env,
      HTTP_PORT: String(settings.httpPort),
      METRICS_PORT: String(settings.httpMetricsPort),
      HEALTH_PORT: String(settings.httpHealthPort),
      AUTH_TOKEN_PUBLIC_KEYS: settings.tokenPublicKey,
    },
    join(settings.logDir, "serve.log"),
  );
  const stream = startChild(
    "scoring stream",
    process.execPath,
    [...nodeArgs, "stream"],
    {
      ...env,
      METRICS_PORT: String(settings.streamMetricsPort),
      ...kafkaEnv(settings.kafka, "scoring-stream"),
      KAFKA_GROUP_ID: "antifraud-demo",
      // The StatefulSet's first pod name: transactional id and static group member.
      KAFKA_TRANSACTIONAL_ID: "antifraud-demo-stream-0",
      KAFKA_GROUP_INSTANCE_ID: "antifraud-demo-stream-0",
    },
    join(settings.logDir, "stream.log"),
  );
  const quality = startChild(
    "scoring quality",
    process.execPath,
    [...nodeArgs, "quality"],
    {
      ...process.env,
      LOG_LEVEL: "info",
      HTTP_HOST: "127.0.0.1",
      METRICS_PORT: String(settings.qualityMetricsPort),
      ...kafkaEnv(settings.kafka, "scoring-quality"),
      QUALITY_KAFKA_GROUP_ID: "antifraud-demo-quality",
    },
    join(settings.logDir, "quality.log"),
  );
  const endpoints = {
    httpUrl: `http://127.0.0.1:${settings.httpPort}`,
    httpHealthUrl: `http://127.0.0.1:${settings.httpHealthPort}`,
    streamMetricsUrl: `http://127.0.0.1:${settings.streamMetricsPort}`,
    qualityMetricsUrl: `http://127.0.0.1:${settings.qualityMetricsPort}`,
  };
  await Promise.all([
    waitForHttpOk(`${endpoints.httpHealthUrl}/readyz`, 120_000, serve),
    waitForHttpOk(`${endpoints.streamMetricsUrl}/readyz`, 120_000, stream),
    waitForHttpOk(`${endpoints.qualityMetricsUrl}/readyz`, 120_000, quality),
  ]);
  return { children: [serve, stream, quality], endpoints };
}
