import fs from "node:fs";
import path from "node:path";
import { CONFIG_KEYS, ConfigError, loadServeConfig, loadStreamConfig } from "../../src/config/config";

const PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----";
const required = {
  MODELS_ROOT: "/models",
  FEATURES_ROOT: "/features",
  MODEL_SIGNING_PUBLIC_KEYS: PEM,
  AUTH_TOKEN_PUBLIC_KEYS: `${PEM}\n${PEM}`,
};

describe("config", () => {
  test("defaults apply and numbers are parsed", () => {
    const c = loadServeConfig({ ...required, HTTP_PORT: "9000" });
    expect(c.HTTP_PORT).toBe(9000);
    expect(c.HTTP_HOST).toBe("127.0.0.1");
    expect(c.REDIS_URL).toBe("redis://127.0.0.1:6379");
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

  test("every problem names the key, the value and a fix", () => {
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
    expect(issues.find((i) => i.key === "FEATURES_ROOT")).toMatchObject({
      value: undefined,
      problem: "required",
    });
    expect((error as Error).message).toContain(
      'HTTP_PORT="80a": must be a whole number; fix: use a TCP port 0..65535',
    );
    expect((error as Error).message).toContain("FEATURES_ROOT=(unset): required");
  });

  test("stream needs brokers as host:port and SASL settings together; passwords never echo", () => {
    expect(() => loadStreamConfig(required)).toThrow(/KAFKA_BROKERS=\(unset\): required/);
    expect(() => loadStreamConfig({ ...required, KAFKA_BROKERS: "a:1,b" })).toThrow(
      /each broker must be host:port/,
    );
    const c = loadStreamConfig({ ...required, KAFKA_BROKERS: "127.0.0.1:9092, 127.0.0.1:9093" });
    expect(c.KAFKA_BROKERS).toEqual(["127.0.0.1:9092", "127.0.0.1:9093"]);
    expect(c.KAFKA_TOPIC_DLQ).toBe("transactions.dlq");
    expect(() => loadStreamConfig({ ...required, KAFKA_BROKERS: "a:1", KAFKA_SASL_USERNAME: "u" })).toThrow(
      /KAFKA_SASL_MECHANISM/,
    );
    expect(() =>
      loadStreamConfig({
        ...required,
        KAFKA_BROKERS: "a:1",
        KAFKA_SASL_MECHANISM: "gssapi",
        KAFKA_SASL_PASSWORD: "hunter2",
      }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining("hunter2") }));
  });

  test("KAFKA_PRODUCER defaults to wire, takes kafkajs, and wire with SASL fails with the fix", () => {
    const stream = { ...required, KAFKA_BROKERS: "a:1" };
    expect(loadStreamConfig(stream).KAFKA_PRODUCER).toBe("wire");
    expect(loadStreamConfig({ ...stream, KAFKA_PRODUCER: "kafkajs" }).KAFKA_PRODUCER).toBe("kafkajs");
    expect(() => loadStreamConfig({ ...stream, KAFKA_PRODUCER: "librdkafka" })).toThrow(
      /KAFKA_PRODUCER="librdkafka": .*fix: use wire .* or kafkajs/,
    );
    const sasl = {
      ...stream,
      KAFKA_SASL_MECHANISM: "scram-sha-512",
      KAFKA_SASL_USERNAME: "u",
      KAFKA_SASL_PASSWORD: "hunter2",
    };
    expect(loadStreamConfig({ ...sasl, KAFKA_PRODUCER: "kafkajs" }).KAFKA_SASL_MECHANISM).toBe(
      "scram-sha-512",
    );
    for (const producer of [undefined, "wire"]) {
      let error: unknown;
      try {
        loadStreamConfig({ ...sasl, KAFKA_PRODUCER: producer });
      } catch (e) {
        error = e;
      }
      expect((error as ConfigError).issues).toEqual([
        {
          key: "KAFKA_PRODUCER",
          value: producer,
          problem: "the wire producer (the default) does not speak SASL, and SASL is configured",
          fix: "set KAFKA_PRODUCER=kafkajs when KAFKA_SASL_MECHANISM is set",
        },
      ]);
    }
  });

  test("the README documents every key", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    const missing = CONFIG_KEYS.filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
