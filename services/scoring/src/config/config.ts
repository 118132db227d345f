import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KafkaConnection } from "@antifraud/contracts";
import { z } from "zod";
import { pemBlocks } from "../auth/token-authenticator";

/** Where the feature spec lives when FEATURE_SPEC_PATH is unset (the repo's contracts package). */
export const DEFAULT_FEATURE_SPEC_PATH = path.resolve(__dirname, "../../../contracts/features.json");

const intFrom = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

const isoInstant = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), "must be an ISO 8601 instant");

/** One or more concatenated PEM public keys. */
const pemKeys = z
  .string()
  .transform(pemBlocks)
  .pipe(z.array(z.string()).min(1, "must hold at least one -----BEGIN PUBLIC KEY----- block"));

const location = z
  .string()
  .min(1)
  .refine((v) => !v.includes("://") || v.startsWith("s3://"), "must be a local directory or an s3:// URI");

/** Every env var the service reads, with its default and the fix printed when it is wrong. */
const FIELDS = {
  LOG_LEVEL: {
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    fix: "use one of fatal, error, warn, info, debug, trace, silent",
  },
  MODELS_ROOT: {
    schema: location,
    fix: "set it to the model registry root, e.g. /models or s3://bucket/models",
  },
  FEATURES_ROOT: {
    schema: location,
    fix: "set it to the features root holding terminal/<day>.json.gz, e.g. /features or s3://bucket/features",
  },
  FEATURE_SPEC_PATH: {
    schema: z.string().min(1).default(DEFAULT_FEATURE_SPEC_PATH),
    fix: "point it at services/contracts/features.json",
  },
  RELOAD_INTERVAL_MS: { schema: intFrom(100, 3_600_000).default(30_000), fix: "use 100..3600000 ms" },
  S3_ENDPOINT: {
    schema: z.url().default("https://storage.yandexcloud.net"),
    fix: "use an http(s) URL of the S3-compatible endpoint",
  },
  S3_REGION: {
    schema: z.string().min(1).default("ru-central1"),
    fix: "use the storage region, e.g. ru-central1",
  },
  REDIS_URL: {
    schema: z.string().regex(/^rediss?:\/\//, "must start with rediss:// (TLS) or redis://"),
    fix: "use rediss://:<password>@host:port (TLS, as the managed Redis); redis:// needs REDIS_PLAINTEXT=true",
  },
  REDIS_TLS_CA_PATH: {
    schema: z.string().min(1).optional(),
    fix: "point it at the PEM file of the CA that signed the Redis server certificate (required with rediss://)",
  },
  REDIS_PLAINTEXT: {
    schema: bool.default(false),
    fix: "true only for a local Redis without TLS (an explicit opt-out); the deployed service uses rediss://",
  },
  REDIS_KEY_PREFIX: { schema: z.string().max(32).default("af:"), fix: "use a short prefix such as af:" },
  CUSTOMER_WINDOW_LATENESS_S: {
    schema: intFrom(0, 30 * 86400).default(86400),
    fix: "seconds of out-of-order arrival tolerated before window entries are trimmed (0..2592000)",
  },
  CUSTOMER_WINDOW_TTL_S: {
    schema: intFrom(3600, 365 * 86400).default(40 * 86400),
    fix: "seconds an idle customer's window is kept in Redis (3600..31536000)",
  },
  CUSTOMER_WINDOW_CACHE_CUSTOMERS: {
    schema: intFrom(1, 10_000_000).default(50_000),
    fix: "customers whose windows are kept in process between batches (1..10000000); ~4 KB each at 100 entries",
  },
  REDIS_COMMAND_TIMEOUT_MS: {
    schema: intFrom(10, 60_000).default(1000),
    fix: "use 10..60000 ms (a command still unanswered then fails the batch with a retriable 503)",
  },
  TX_MAX_FUTURE_SKEW_S: {
    schema: intFrom(0, 86_400).default(300),
    fix: "use 0..86400 seconds a transaction may be dated after the service clock",
  },
  REPLAY_CLOCK_FROM: {
    schema: isoInstant.optional(),
    fix: "unset for the system clock; for a replay of history, the instant the service clock starts at, e.g. 2018-05-01T00:00:00Z",
  },
  MODEL_SIGNING_PUBLIC_KEYS: {
    schema: pemKeys,
    fix: "set the PEM public key(s) (Ed25519) the training pipeline signs manifests with",
  },
  HTTP_HOST: { schema: z.string().min(1).default("127.0.0.1"), fix: "use 0.0.0.0 in a container" },
  HTTP_PORT: { schema: intFrom(0, 65535).default(8080), fix: "use a TCP port 0..65535" },
  HEALTH_PORT: {
    schema: intFrom(0, 65535).default(8081),
    fix: "use a TCP port 0..65535 (serve: /healthz and /readyz, for the kubelet)",
  },
  HTTP_REQUEST_TIMEOUT_MS: {
    schema: intFrom(100, 300_000).default(10_000),
    fix: "use 100..300000 ms (a request not fully received by then is answered 408 and closed)",
  },
  HTTP_HEADERS_TIMEOUT_MS: {
    schema: intFrom(100, 300_000).default(5000),
    fix: "use 100..300000 ms, at most HTTP_REQUEST_TIMEOUT_MS (slow header senders are cut off)",
  },
  HTTP_KEEP_ALIVE_TIMEOUT_MS: {
    schema: intFrom(100, 600_000).default(30_000),
    fix: "use 100..600000 ms an idle keep-alive connection stays open",
  },
  HTTP_MAX_QUEUED: {
    schema: intFrom(1, 1_000_000).default(4096),
    fix: "use 1..1000000 single-transaction requests waiting to be scored before 503 + Retry-After",
  },
  AUTH_TOKEN_PUBLIC_KEYS: {
    schema: pemKeys,
    fix: "set the PEM public key(s) (Ed25519) that verify client tokens (the stack's token issuer key)",
  },
  AUTH_TOKEN_ISSUER: { schema: z.string().min(1).default("antifraud"), fix: "use the tokens' iss claim" },
  AUTH_TOKEN_AUDIENCE: {
    schema: z.string().min(1).default("antifraud-scoring"),
    fix: "use the tokens' aud claim",
  },
  MAX_BATCH_SIZE: { schema: intFrom(1, 10_000).default(1000), fix: "use 1..10000 transactions per request" },
  BODY_LIMIT_BYTES: { schema: intFrom(1024, 64 << 20).default(4 << 20), fix: "use 1024..67108864 bytes" },
  METRICS_PORT: {
    schema: intFrom(0, 65535).default(9464),
    fix: "use a TCP port 0..65535 (/metrics, for Prometheus; the stream worker's probes too)",
  },
  KAFKA_BROKERS: {
    schema: z
      .string()
      .min(1)
      .transform((v) => v.split(",").map((b) => b.trim()))
      .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, "each broker must be host:port")).min(1)),
    fix: "use a comma-separated host:port list, e.g. 127.0.0.1:9092",
  },
  KAFKA_CLIENT_ID: { schema: z.string().min(1).default("antifraud-scoring"), fix: "use a non-empty id" },
  KAFKA_GROUP_ID: { schema: z.string().min(1).default("antifraud-scoring"), fix: "use a non-empty group id" },
  KAFKA_TRANSACTIONAL_ID: {
    schema: z.string().min(1).default(`antifraud-scoring-${os.hostname()}`),
    fix: "use an id that is stable across restarts of the same worker (the StatefulSet pod name)",
  },
  KAFKA_GROUP_INSTANCE_ID: {
    schema: z.string().min(1).default(`antifraud-scoring-${os.hostname()}`),
    fix: "use an id that is stable across restarts of the same worker and unique in the group (the StatefulSet pod name)",
  },
  KAFKA_TOPIC_TRANSACTIONS: { schema: z.string().min(1).default("transactions"), fix: "use a topic name" },
  KAFKA_TOPIC_SCORES: { schema: z.string().min(1).default("scores"), fix: "use a topic name" },
  KAFKA_TOPIC_DLQ: { schema: z.string().min(1).default("transactions.dlq"), fix: "use a topic name" },
  KAFKA_SESSION_TIMEOUT_MS: {
    schema: intFrom(6000, 300_000).default(10_000),
    fix: "use 6000..300000 ms (a dead worker's partitions move after this long)",
  },
  KAFKA_MAX_BYTES_PER_PARTITION: {
    schema: intFrom(1024, 64 << 20).default(4 << 20),
    fix: "use 1024..67108864 bytes (bounds one batch, hence one Kafka transaction)",
  },
  KAFKA_MAX_POLL_RECORDS: {
    schema: intFrom(1, 200_000).default(20_000),
    fix: "use 1..200000 (messages per poll; a poll's batches are scored together and commit in one transaction)",
  },
  KAFKA_TRANSACTION_TIMEOUT_MS: {
    schema: intFrom(1000, 900_000).default(30_000),
    fix: "use 1000..900000 ms (the broker aborts a transaction left open this long by a vanished worker)",
  },
  KAFKA_SECURITY_PROTOCOL: {
    schema: z.enum(["sasl_ssl", "plaintext"]).default("sasl_ssl"),
    fix: "use sasl_ssl (Yandex Managed Kafka, the local broker) or plaintext (only a local broker started so)",
  },
  KAFKA_SSL_CA_PATH: {
    schema: z.string().min(1).optional(),
    fix: "point it at the PEM file of the CA that signed the broker certificates (required with sasl_ssl)",
  },
  KAFKA_SASL_MECHANISM: {
    schema: z.enum(["scram-sha-512", "scram-sha-256"]).default("scram-sha-512"),
    fix: "use scram-sha-512 (Yandex Managed Kafka) or scram-sha-256",
  },
  KAFKA_SASL_USERNAME: {
    schema: z.string().min(1).optional(),
    fix: "set the Kafka user (required with sasl_ssl)",
  },
  KAFKA_SASL_PASSWORD: {
    schema: z.string().min(1).optional(),
    fix: "set the Kafka user's password (required with sasl_ssl)",
  },
  SHUTDOWN_TIMEOUT_MS: { schema: intFrom(100, 120_000).default(10_000), fix: "use 100..120000 ms" },
  DRIFT_WINDOW_ROWS: {
    schema: intFrom(100, 1_000_000).default(10_000),
    fix: "use 100..1000000 served feature rows the PSI is computed over (one byte per row and feature)",
  },
  KAFKA_TOPIC_LABELS: { schema: z.string().min(1).default("labels"), fix: "use a topic name" },
  QUALITY_KAFKA_GROUP_ID: {
    schema: z.string().min(1).default("antifraud-quality"),
    fix: "use a group id of the quality consumer's own (never the stream worker's)",
  },
  QUALITY_WINDOW_TRANSACTIONS: {
    schema: intFrom(10, 10_000_000).default(100_000),
    fix: "use 10..10000000: the latest labelled transactions per model version the quality is computed over",
  },
  QUALITY_WINDOW_S: {
    schema: intFrom(60, 90 * 86400).default(86400),
    fix: "use 60..7776000 seconds: only transactions joined this recently count in the quality window",
  },
  QUALITY_PENDING_SCORES_MAX: {
    schema: intFrom(1, 50_000_000).default(500_000),
    fix: "use 1..50000000 scores waiting for their label (about 200 bytes each); the oldest is dropped past it",
  },
  QUALITY_SCORE_TTL_S: {
    schema: intFrom(1, 90 * 86400).default(14 * 86400),
    fix: "use 1..7776000 seconds a score waits for its delayed label",
  },
  QUALITY_PENDING_LABELS_MAX: {
    schema: intFrom(1, 10_000_000).default(100_000),
    fix: "use 1..10000000 labels waiting for a score that has not arrived yet",
  },
  QUALITY_LABEL_TTL_S: {
    schema: intFrom(1, 7 * 86400).default(3600),
    fix: "use 1..604800 seconds a label that came before its score waits for it",
  },
  QUALITY_SWEEP_INTERVAL_MS: {
    schema: intFrom(10, 600_000).default(10_000),
    fix: "use 10..600000 ms between expiry sweeps of the join when no record comes",
  },
} as const;

type Fields = typeof FIELDS;
type Key = keyof Fields;
type Parsed<K extends Key> = z.output<Fields[K]["schema"]>;

const COMMON = [
  "LOG_LEVEL",
  "MODELS_ROOT",
  "FEATURES_ROOT",
  "FEATURE_SPEC_PATH",
  "RELOAD_INTERVAL_MS",
  "S3_ENDPOINT",
  "S3_REGION",
  "REDIS_URL",
  "REDIS_TLS_CA_PATH",
  "REDIS_PLAINTEXT",
  "REDIS_KEY_PREFIX",
  "CUSTOMER_WINDOW_LATENESS_S",
  "CUSTOMER_WINDOW_TTL_S",
  "CUSTOMER_WINDOW_CACHE_CUSTOMERS",
  "SHUTDOWN_TIMEOUT_MS",
  "MAX_BATCH_SIZE",
  "REDIS_COMMAND_TIMEOUT_MS",
  "TX_MAX_FUTURE_SKEW_S",
  "REPLAY_CLOCK_FROM",
  "MODEL_SIGNING_PUBLIC_KEYS",
  "DRIFT_WINDOW_ROWS",
] as const;
const SERVE = [
  ...COMMON,
  "HTTP_HOST",
  "HTTP_PORT",
  "METRICS_PORT",
  "HEALTH_PORT",
  "BODY_LIMIT_BYTES",
  "HTTP_REQUEST_TIMEOUT_MS",
  "HTTP_HEADERS_TIMEOUT_MS",
  "HTTP_KEEP_ALIVE_TIMEOUT_MS",
  "HTTP_MAX_QUEUED",
  "AUTH_TOKEN_PUBLIC_KEYS",
  "AUTH_TOKEN_ISSUER",
  "AUTH_TOKEN_AUDIENCE",
] as const;
const STREAM = [
  ...COMMON,
  "HTTP_HOST",
  "METRICS_PORT",
  "KAFKA_BROKERS",
  "KAFKA_CLIENT_ID",
  "KAFKA_GROUP_ID",
  "KAFKA_TRANSACTIONAL_ID",
  "KAFKA_GROUP_INSTANCE_ID",
  "KAFKA_TOPIC_TRANSACTIONS",
  "KAFKA_TOPIC_SCORES",
  "KAFKA_TOPIC_DLQ",
  "KAFKA_SESSION_TIMEOUT_MS",
  "KAFKA_MAX_BYTES_PER_PARTITION",
  "KAFKA_MAX_POLL_RECORDS",
  "KAFKA_TRANSACTION_TIMEOUT_MS",
  "KAFKA_SECURITY_PROTOCOL",
  "KAFKA_SSL_CA_PATH",
  "KAFKA_SASL_MECHANISM",
  "KAFKA_SASL_USERNAME",
  "KAFKA_SASL_PASSWORD",
] as const;

const QUALITY = [
  "LOG_LEVEL",
  "SHUTDOWN_TIMEOUT_MS",
  "HTTP_HOST",
  "METRICS_PORT",
  "KAFKA_BROKERS",
  "KAFKA_CLIENT_ID",
  "QUALITY_KAFKA_GROUP_ID",
  "KAFKA_TOPIC_SCORES",
  "KAFKA_TOPIC_LABELS",
  "KAFKA_SESSION_TIMEOUT_MS",
  "KAFKA_MAX_POLL_RECORDS",
  "KAFKA_SECURITY_PROTOCOL",
  "KAFKA_SSL_CA_PATH",
  "KAFKA_SASL_MECHANISM",
  "KAFKA_SASL_USERNAME",
  "KAFKA_SASL_PASSWORD",
  "QUALITY_WINDOW_TRANSACTIONS",
  "QUALITY_WINDOW_S",
  "QUALITY_PENDING_SCORES_MAX",
  "QUALITY_SCORE_TTL_S",
  "QUALITY_PENDING_LABELS_MAX",
  "QUALITY_LABEL_TTL_S",
  "QUALITY_SWEEP_INTERVAL_MS",
] as const;

export type ServeConfig = { [K in (typeof SERVE)[number]]: Parsed<K> };
export type StreamConfig = { [K in (typeof STREAM)[number]]: Parsed<K> };
export type QualityConfig = { [K in (typeof QUALITY)[number]]: Parsed<K> };

type KafkaClientConfig = Pick<
  StreamConfig,
  | "KAFKA_BROKERS"
  | "KAFKA_SECURITY_PROTOCOL"
  | "KAFKA_SSL_CA_PATH"
  | "KAFKA_SASL_MECHANISM"
  | "KAFKA_SASL_USERNAME"
  | "KAFKA_SASL_PASSWORD"
>;

/** One problem per offending key: the key, the value seen and how to fix it. */
export interface ConfigIssue {
  key: string;
  value: string | undefined;
  problem: string;
  fix: string;
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      "invalid configuration:\n" +
        issues
          .map(
            (i) =>
              `  ${i.key}=${i.value === undefined ? "(unset)" : JSON.stringify(i.value)}: ${i.problem}; fix: ${i.fix}`,
          )
          .join("\n"),
    );
    this.name = "ConfigError";
    this.issues = issues;
  }
}

const SECRET_KEYS = new Set<string>(["KAFKA_SASL_PASSWORD", "REDIS_URL"]);

function parseKeys<const Ks extends readonly Key[]>(
  keys: Ks,
  env: NodeJS.ProcessEnv,
): { [K in Ks[number]]: Parsed<K> } {
  const out: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const key of keys) {
    const raw = env[key] === "" ? undefined : env[key];
    const field = FIELDS[key];
    const result = (field.schema as z.ZodType).safeParse(raw);
    if (result.success) {
      out[key] = result.data;
    } else {
      const problem = result.error.issues.map((i) => (raw === undefined ? "required" : i.message)).join("; ");
      issues.push({ key, value: SECRET_KEYS.has(key) ? "***" : raw, problem, fix: field.fix });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return out as { [K in Ks[number]]: Parsed<K> };
}

/** A file the service must read at start-up (a CA): named key, value and fix when it is not readable. */
function readableFile(key: string, value: string, fix: string): ConfigIssue[] {
  try {
    fs.accessSync(value, fs.constants.R_OK);
    return [];
  } catch {
    return [{ key, value, problem: "is not a readable file", fix }];
  }
}

/** Redis over TLS with a CA unless plaintext is asked for explicitly. */
function redisIssues(
  config: Pick<ServeConfig, "REDIS_URL" | "REDIS_TLS_CA_PATH" | "REDIS_PLAINTEXT">,
): ConfigIssue[] {
  const tls = config.REDIS_URL.startsWith("rediss://");
  if (!tls && !config.REDIS_PLAINTEXT) {
    return [
      {
        key: "REDIS_URL",
        value: config.REDIS_URL.replace(/\/\/[^@/]*@/, "//***@"),
        problem: "is plaintext redis:// while REDIS_PLAINTEXT is not true",
        fix: FIELDS.REDIS_URL.fix,
      },
    ];
  }
  if (!tls) return [];
  if (config.REDIS_TLS_CA_PATH === undefined) {
    return [
      {
        key: "REDIS_TLS_CA_PATH",
        value: undefined,
        problem: "required with rediss://",
        fix: FIELDS.REDIS_TLS_CA_PATH.fix,
      },
    ];
  }
  return readableFile("REDIS_TLS_CA_PATH", config.REDIS_TLS_CA_PATH, FIELDS.REDIS_TLS_CA_PATH.fix);
}

function throwIfAny(issues: ConfigIssue[]): void {
  if (issues.length > 0) throw new ConfigError(issues);
}

export function loadServeConfig(env: NodeJS.ProcessEnv): ServeConfig {
  const config = parseKeys(SERVE, env);
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError([
      {
        key: "HTTP_HEADERS_TIMEOUT_MS",
        value: String(config.HTTP_HEADERS_TIMEOUT_MS),
        problem: `exceeds HTTP_REQUEST_TIMEOUT_MS (${config.HTTP_REQUEST_TIMEOUT_MS})`,
        fix: "use a headers timeout at most the request timeout",
      },
    ]);
  }
  const ports = ["HTTP_PORT", "METRICS_PORT", "HEALTH_PORT"] as const;
  for (const [i, a] of ports.entries()) {
    for (const b of ports.slice(i + 1)) {
      if (config[a] !== 0 && config[a] === config[b]) {
        throw new ConfigError([
          {
            key: b,
            value: String(config[b]),
            problem: `equals ${a}: the API, /metrics and the probes each need their own port`,
            fix: `choose a port other than ${config[a]}`,
          },
        ]);
      }
    }
  }
  throwIfAny(redisIssues(config));
  return config;
}

/** SASL_SSL needs the CA (readable), the user and the password. */
function kafkaIssues(config: KafkaClientConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.KAFKA_SECURITY_PROTOCOL === "sasl_ssl") {
    for (const key of ["KAFKA_SSL_CA_PATH", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"] as const) {
      if (config[key] === undefined)
        issues.push({
          key,
          value: undefined,
          problem: "required with KAFKA_SECURITY_PROTOCOL=sasl_ssl",
          fix: FIELDS[key].fix,
        });
    }
    if (config.KAFKA_SSL_CA_PATH !== undefined) {
      issues.push(
        ...readableFile("KAFKA_SSL_CA_PATH", config.KAFKA_SSL_CA_PATH, FIELDS.KAFKA_SSL_CA_PATH.fix),
      );
    }
  }
  return issues;
}

export function loadStreamConfig(env: NodeJS.ProcessEnv): StreamConfig {
  const config = parseKeys(STREAM, env);
  throwIfAny([...redisIssues(config), ...kafkaIssues(config)]);
  return config;
}

export function loadQualityConfig(env: NodeJS.ProcessEnv): QualityConfig {
  const config = parseKeys(QUALITY, env);
  throwIfAny(kafkaIssues(config));
  return config;
}

/** The Kafka connection a stream or quality config describes. */
export function kafkaConnectionOf(config: KafkaClientConfig): KafkaConnection {
  if (config.KAFKA_SECURITY_PROTOCOL === "plaintext") {
    return { brokers: config.KAFKA_BROKERS, security: { protocol: "plaintext" } };
  }
  return {
    brokers: config.KAFKA_BROKERS,
    security: {
      protocol: "sasl_ssl",
      caFile: config.KAFKA_SSL_CA_PATH!,
      mechanism: config.KAFKA_SASL_MECHANISM,
      username: config.KAFKA_SASL_USERNAME!,
      password: config.KAFKA_SASL_PASSWORD!,
    },
  };
}

/** Keys documented in the README; a test keeps the two in step. */
export const CONFIG_KEYS: readonly Key[] = Object.keys(FIELDS) as Key[];
