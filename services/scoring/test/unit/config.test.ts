import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CONFIG_KEYS,
  ConfigError,
  kafkaConnectionOf,
  loadQualityConfig,
  loadServeConfig,
  loadStreamConfig,
} from "../../src/config/config";

const PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----";
const ca = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "config-test-")), "ca.pem");
fs.writeFileSync(ca, "-----BEGIN CERTIFICATE-----\n");
afterAll(() => fs.rmSync(path.dirname(ca), { recursive: true, force: true }));
const required = {
  MODELS_ROOT: "/models",
  FEATURES_ROOT: "/features",
  MODEL_SIGNING_PUBLIC_KEYS: PEM,
  AUTH_TOKEN_PUBLIC_KEYS: `${PEM}\n${PEM}`,
  REDIS_URL: "rediss://:pw@redis.example:6380",
  REDIS_TLS_CA_PATH: ca,
};
const sasl = {
  ...required,
  KAFKA_BROKERS: "b1:9091,b2:9091",
  KAFKA_SSL_CA_PATH: ca,
  KAFKA_SASL_USERNAME: "scoring-stream",
  KAFKA_SASL_PASSWORD: "hunter2",
};

function issuesOf(load: () => unknown) {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error("the configuration was accepted");
}

describe("config", () => {
  test("defaults apply and numbers are parsed", () => {
    const c = loadServeConfig({ ...required, HTTP_PORT: "9000" });
    expect(c.HTTP_PORT).toBe(9000);
    expect(c.HTTP_HOST).toBe("127.0.0.1");
    expect(c.REDIS_PLAINTEXT).toBe(false);
    expect(c.MAX_BATCH_SIZE).toBe(1000);
    expect(c.FEATURE_SPEC_PATH).toMatch(/services\/contracts\/features\.json$/);
    expect(fs.existsSync(c.FEATURE_SPEC_PATH)).toBe(true);
    expect(c.AUTH_TOKEN_PUBLIC_KEYS).toEqual([PEM, PEM]);
    expect(c.TX_MAX_FUTURE_SKEW_S).toBe(300);
    expect(c.REPLAY_CLOCK_FROM).toBeUndefined();
    expect(
      loadServeConfig({ ...required, REPLAY_CLOCK_FROM: "2018-05-01T00:00:00Z" }).REPLAY_CLOCK_FROM,
    ).toEqual(new Date("2018-05-01T00:00:00Z"));
  });

  test("ports must differ, headers timeout within the request timeout, keys must be PEM", () => {
    expect(() => loadServeConfig({ ...required, METRICS_PORT: "8080" })).toThrow(
      /METRICS_PORT="8080": equals HTTP_PORT/,
    );
    expect(() =>
      loadServeConfig({ ...required, HTTP_HEADERS_TIMEOUT_MS: "20000", HTTP_REQUEST_TIMEOUT_MS: "10000" }),
    ).toThrow(/HTTP_HEADERS_TIMEOUT_MS="20000": exceeds HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadServeConfig({ ...required, AUTH_TOKEN_PUBLIC_KEYS: "secret" })).toThrow(
      /AUTH_TOKEN_PUBLIC_KEYS="secret": must hold at least one -----BEGIN PUBLIC KEY----- block/,
    );
    expect(() => loadServeConfig({ ...required, REPLAY_CLOCK_FROM: "yesterday" })).toThrow(
      /REPLAY_CLOCK_FROM/,
    );
  });

  test("every problem names the key, the value and a fix; the Redis URL (with its password) never echoes", () => {
    let error: unknown;
    try {
      loadServeConfig({
        MODELS_ROOT: "http://x/models",
        HTTP_PORT: "80a",
        REDIS_URL: "localhost:6379",
        MODEL_SIGNING_PUBLIC_KEYS: PEM,
        AUTH_TOKEN_PUBLIC_KEYS: PEM,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => i.key).sort()).toEqual([
      "FEATURES_ROOT",
      "HTTP_PORT",
      "MODELS_ROOT",
      "REDIS_URL",
    ]);
    expect(issues.find((i) => i.key === "HTTP_PORT")).toMatchObject({
      value: "80a",
      fix: "use a TCP port 0..65535",
    });
    expect(issues.find((i) => i.key === "REDIS_URL")!.value).toBe("***");
    expect((error as Error).message).toContain(
      'HTTP_PORT="80a": must be a whole number; fix: use a TCP port 0..65535',
    );
    expect((error as Error).message).toContain("FEATURES_ROOT=(unset): required");
  });

  test("Redis is TLS with a readable CA; plaintext only when asked for explicitly", () => {
    expect(issuesOf(() => loadServeConfig({ ...required, REDIS_TLS_CA_PATH: undefined }))).toEqual([
      {
        key: "REDIS_TLS_CA_PATH",
        value: undefined,
        problem: "required with rediss://",
        fix: expect.stringContaining("PEM"),
      },
    ]);
    expect(
      issuesOf(() => loadServeConfig({ ...required, REDIS_TLS_CA_PATH: "/nonexistent/ca.pem" })),
    ).toEqual([
      {
        key: "REDIS_TLS_CA_PATH",
        value: "/nonexistent/ca.pem",
        problem: "is not a readable file",
        fix: expect.any(String),
      },
    ]);
    const plain = { ...required, REDIS_URL: "redis://:secret@127.0.0.1:6379", REDIS_TLS_CA_PATH: undefined };
    expect(issuesOf(() => loadServeConfig(plain))).toEqual([
      {
        key: "REDIS_URL",
        value: "redis://***@127.0.0.1:6379",
        problem: "is plaintext redis:// while REDIS_PLAINTEXT is not true",
        fix: expect.stringContaining("REDIS_PLAINTEXT=true"),
      },
    ]);
    expect(loadServeConfig({ ...plain, REDIS_PLAINTEXT: "true" }).REDIS_URL).toBe(
      "redis://:secret@127.0.0.1:6379",
    );
  });

  test("stream: SASL_SSL with SCRAM-SHA-512 by default, each missing piece named; passwords never echo", () => {
    expect(issuesOf(() => loadStreamConfig(required)).map((i) => [i.key, i.problem])).toEqual([
      ["KAFKA_BROKERS", "required"],
    ]);
    expect(() => loadStreamConfig({ ...sasl, KAFKA_BROKERS: "a:1,b" })).toThrow(
      /each broker must be host:port/,
    );
    const issues = issuesOf(() => loadStreamConfig({ ...required, KAFKA_BROKERS: "a:1" }));
    expect(issues.map((i) => [i.key, i.problem])).toEqual([
      ["KAFKA_SSL_CA_PATH", "required with KAFKA_SECURITY_PROTOCOL=sasl_ssl"],
      ["KAFKA_SASL_USERNAME", "required with KAFKA_SECURITY_PROTOCOL=sasl_ssl"],
      ["KAFKA_SASL_PASSWORD", "required with KAFKA_SECURITY_PROTOCOL=sasl_ssl"],
    ]);
    const c = loadStreamConfig(sasl);
    expect(c.KAFKA_BROKERS).toEqual(["b1:9091", "b2:9091"]);
    expect(c.KAFKA_TOPIC_DLQ).toBe("transactions.dlq");
    expect(kafkaConnectionOf(c)).toEqual({
      brokers: ["b1:9091", "b2:9091"],
      security: {
        protocol: "sasl_ssl",
        caFile: ca,
        mechanism: "scram-sha-512",
        username: "scoring-stream",
        password: "hunter2",
      },
    });
    expect(() =>
      loadStreamConfig({ ...sasl, KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_PASSWORD: "hunter3" }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/KAFKA_SASL_MECHANISM="plain".*scram-sha-512/),
      }),
    );
    expect(() =>
      loadStreamConfig({ ...sasl, KAFKA_SESSION_TIMEOUT_MS: "x", KAFKA_SASL_PASSWORD: "hunter3" }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining("hunter3") }));
  });

  test("plaintext Kafka only when asked for explicitly, and then without SASL", () => {
    const c = loadStreamConfig({
      ...required,
      KAFKA_BROKERS: "127.0.0.1:9092",
      KAFKA_SECURITY_PROTOCOL: "plaintext",
    });
    expect(kafkaConnectionOf(c)).toEqual({
      brokers: ["127.0.0.1:9092"],
      security: { protocol: "plaintext" },
    });
    expect(() => loadStreamConfig({ ...sasl, KAFKA_SECURITY_PROTOCOL: "ssl" })).toThrow(
      /KAFKA_SECURITY_PROTOCOL="ssl"/,
    );
  });

  test("quality: Kafka only (no Redis, no model), its own group, each bad key named with value and fix", () => {
    const kafka = {
      KAFKA_BROKERS: "b1:9091",
      KAFKA_SSL_CA_PATH: ca,
      KAFKA_SASL_USERNAME: "scoring-quality",
      KAFKA_SASL_PASSWORD: "hunter2",
    };
    const c = loadQualityConfig(kafka);
    expect(c).toMatchObject({
      QUALITY_KAFKA_GROUP_ID: "antifraud-quality",
      KAFKA_TOPIC_SCORES: "scores",
      KAFKA_TOPIC_LABELS: "labels",
      QUALITY_WINDOW_TRANSACTIONS: 100_000,
      QUALITY_WINDOW_S: 86_400,
      QUALITY_SCORE_TTL_S: 14 * 86_400,
      QUALITY_LABEL_TTL_S: 3600,
    });
    expect(kafkaConnectionOf(c).security).toMatchObject({
      protocol: "sasl_ssl",
      username: "scoring-quality",
    });
    expect(issuesOf(() => loadQualityConfig({ KAFKA_BROKERS: "b1:9091" })).map((i) => i.key)).toEqual([
      "KAFKA_SSL_CA_PATH",
      "KAFKA_SASL_USERNAME",
      "KAFKA_SASL_PASSWORD",
    ]);
    const issues = issuesOf(() =>
      loadQualityConfig({ ...kafka, QUALITY_WINDOW_TRANSACTIONS: "5", QUALITY_SCORE_TTL_S: "soon" }),
    );
    expect(issues.map((i) => [i.key, i.value])).toEqual([
      ["QUALITY_WINDOW_TRANSACTIONS", "5"],
      ["QUALITY_SCORE_TTL_S", "soon"],
    ]);
    expect(issues[0]!.fix).toMatch(/^use 10\.\.10000000: the latest labelled transactions/);
  });

  test("the README documents every key", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    const missing = CONFIG_KEYS.filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
