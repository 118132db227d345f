import {
  KAFKA_USER_NAMES,
  KAFKA_USERS,
  librdkafkaConnectionConfig,
  roleAcls,
  TOPICS,
  userAcls,
} from "../src";

describe("Kafka roles", () => {
  it("lists the platform's four users, each topic of theirs in the contracts' topic names", () => {
    expect(KAFKA_USER_NAMES).toEqual(["scoring-stream", "scoring-quality", "ingest", "analytics"]);
    const topics = new Set<string>(Object.values(TOPICS));
    for (const permissions of Object.values(KAFKA_USERS))
      for (const p of permissions) expect(topics.has(p.topic)).toBe(true);
  });

  it.each([
    [
      "ACCESS_ROLE_CONSUMER",
      [
        "TOPIC LITERAL t DESCRIBE",
        "TOPIC LITERAL t DESCRIBE_CONFIGS",
        "TOPIC LITERAL t READ",
        "CLUSTER LITERAL kafka-cluster DESCRIBE",
        "GROUP LITERAL * READ",
      ],
    ],
    [
      "ACCESS_ROLE_PRODUCER",
      [
        "TRANSACTIONAL_ID LITERAL * WRITE",
        "TOPIC LITERAL t DESCRIBE",
        "TOPIC LITERAL t DESCRIBE_CONFIGS",
        "TOPIC LITERAL t WRITE",
        "CLUSTER LITERAL kafka-cluster DESCRIBE",
        "CLUSTER LITERAL kafka-cluster IDEMPOTENT_WRITE",
        "GROUP LITERAL * DESCRIBE",
        "GROUP LITERAL * READ",
      ],
    ],
  ] as const)("%s grants what Yandex documents, and nothing more", (role, expected) => {
    const acls = roleAcls("u", { topic: "t" as never, role }, [{ patternType: "LITERAL", name: "t" }]);
    expect(acls.map((a) => `${a.resourceType} ${a.patternType} ${a.resourceName} ${a.operation}`)).toEqual(
      expected,
    );
    expect(new Set(acls.map((a) => a.principal))).toEqual(new Set(["User:u"]));
  });

  it("gives a user no WRITE on a topic it only consumes, and merges the shared group and cluster grants", () => {
    const acls = userAcls("scoring-stream");
    const on = (name: string) =>
      acls.filter((a) => a.resourceType === "TOPIC" && a.resourceName === name).map((a) => a.operation);
    expect(on(TOPICS.transactions)).toEqual(["DESCRIBE", "DESCRIBE_CONFIGS", "READ"]);
    expect(on(TOPICS.scores)).toEqual(["DESCRIBE", "DESCRIBE_CONFIGS", "WRITE"]);
    expect(on(TOPICS.labels)).toEqual([]);
    const keys = acls.map((a) => [a.resourceType, a.patternType, a.resourceName, a.operation].join(" "));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("lets the quality consumer read scores and labels and write nothing", () => {
    expect(
      userAcls("scoring-quality").map((a) => `${a.resourceType} ${a.resourceName} ${a.operation}`),
    ).toEqual([
      `TOPIC ${TOPICS.scores} DESCRIBE`,
      `TOPIC ${TOPICS.scores} DESCRIBE_CONFIGS`,
      `TOPIC ${TOPICS.scores} READ`,
      "CLUSTER kafka-cluster DESCRIBE",
      "GROUP * READ",
      `TOPIC ${TOPICS.labels} DESCRIBE`,
      `TOPIC ${TOPICS.labels} DESCRIBE_CONFIGS`,
      `TOPIC ${TOPICS.labels} READ`,
    ]);
  });
});

describe("librdkafka connection settings", () => {
  it("always verifies the broker certificate and host name against the CA for SASL_SSL", () => {
    expect(
      librdkafkaConnectionConfig({
        brokers: ["b1:9091", "b2:9091"],
        security: {
          protocol: "sasl_ssl",
          caFile: "/ca.pem",
          mechanism: "scram-sha-512",
          username: "u",
          password: "p",
        },
      }),
    ).toEqual({
      "bootstrap.servers": "b1:9091,b2:9091",
      "security.protocol": "sasl_ssl",
      "ssl.ca.location": "/ca.pem",
      "enable.ssl.certificate.verification": true,
      "ssl.endpoint.identification.algorithm": "https",
      "sasl.mechanisms": "SCRAM-SHA-512",
      "sasl.username": "u",
      "sasl.password": "p",
    });
  });

  it("speaks plaintext only when the connection says so", () => {
    expect(
      librdkafkaConnectionConfig({ brokers: ["127.0.0.1:9092"], security: { protocol: "plaintext" } }),
    ).toEqual({
      "bootstrap.servers": "127.0.0.1:9092",
      "security.protocol": "plaintext",
    });
  });
});
