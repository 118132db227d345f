import { TOPICS } from "@antifraud/contracts";
import {
  instanceTopics,
  localAcls,
  localConnection,
  produceValues,
  readCommitted,
  testKafkaBroker,
  withAdmin,
} from "../src";
import { ensureTopics } from "../src/kafka/kafka-clients";

jest.setTimeout(60_000);

/** The local broker enforces the Pulumi program's role table: each role may do only what it is granted. */
describe("local broker ACLs (the MdbKafkaUser roles)", () => {
  const broker = testKafkaBroker();
  const t = instanceTopics("acl");
  const record = [{ key: "1", value: "{}" }];

  beforeAll(() =>
    ensureTopics(localConnection(broker, "admin"), [t.transactions, t.scores, t.dlq, t.labels], 1),
  );

  it("derives the ACLs from the contracts' role table on the real names and on `<topic>_*` instances", () => {
    const ingest = localAcls().filter((a) => a.principal === "User:ingest" && a.resourceType === "TOPIC");
    expect(ingest.map((a) => `${a.patternType} ${a.resourceName} ${a.operation}`).sort()).toEqual(
      [TOPICS.transactions, TOPICS.labels]
        .flatMap((topic) => [
          ...["DESCRIBE", "DESCRIBE_CONFIGS", "WRITE"].map((op) => `LITERAL ${topic} ${op}`),
          ...["DESCRIBE", "DESCRIBE_CONFIGS", "WRITE"].map((op) => `PREFIXED ${topic}_ ${op}`),
        ])
        .sort(),
    );
  });

  it.each([
    ["ingest", "transactions"],
    ["ingest", "labels"],
    ["scoring-stream", "scores"],
    ["scoring-stream", "dlq"],
  ] as const)("%s may write %s", async (user, topic) => {
    await expect(produceValues(localConnection(broker, user), t[topic], record)).resolves.toBeUndefined();
  });

  it.each([
    ["ingest", "scores"],
    ["ingest", "dlq"],
    ["scoring-stream", "transactions"],
    ["scoring-stream", "labels"],
    ["analytics", "scores"],
    ["analytics", "labels"],
    ["scoring-quality", "scores"],
    ["scoring-quality", "labels"],
  ] as const)("%s may not write %s", async (user, topic) => {
    await expect(produceValues(localConnection(broker, user), t[topic], record)).rejects.toThrow();
  });

  it("analytics reads scores but sees nothing of transactions; no role creates topics", async () => {
    expect(
      await readCommitted(localConnection(broker, "analytics"), [t.scores], 1, {
        timeoutMs: 20_000,
        settleMs: 200,
      }),
    ).toHaveLength(1);
    const unreadable = await readCommitted(localConnection(broker, "analytics"), [t.transactions], 1, {
      timeoutMs: 3000,
    }).catch((err: Error) => err.message);
    expect(unreadable).toEqual(expect.anything());
    expect(unreadable).not.toEqual([expect.anything()]);
    await expect(
      withAdmin(localConnection(broker, "ingest"), (admin) =>
        admin.createTopics({ topics: [{ topic: `${t.transactions}-new`, numPartitions: 1 }] }),
      ),
    ).rejects.toThrow();
    expect(await withAdmin(localConnection(broker, "admin"), (admin) => admin.listTopics())).not.toContain(
      `${t.transactions}-new`,
    );
  });

  it("scoring-quality reads scores and labels but nothing of transactions", async () => {
    const quality = localConnection(broker, "scoring-quality");
    expect(
      await readCommitted(quality, [t.scores, t.labels], 2, { timeoutMs: 20_000, settleMs: 200 }),
    ).toHaveLength(2);
    const unreadable = await readCommitted(quality, [t.transactions], 1, { timeoutMs: 3000 }).catch(
      (err: Error) => err.message,
    );
    expect(unreadable).toEqual(expect.anything());
    expect(unreadable).not.toEqual([expect.anything()]);
  });

  it("refuses a wrong password and a client that does not verify against the local CA", async () => {
    const ingest = localConnection(broker, "ingest");
    if (ingest.security.protocol !== "sasl_ssl") throw new Error("the shared broker speaks SASL_SSL");
    await expect(
      produceValues(
        { ...ingest, security: { ...ingest.security, password: "wrong" } },
        t.transactions,
        record,
      ),
    ).rejects.toThrow();
    await expect(
      produceValues(
        { ...ingest, security: { ...ingest.security, caFile: "/etc/ssl/certs/ca-certificates.crt" } },
        t.transactions,
        record,
      ),
    ).rejects.toThrow();
  });

  it("holds exactly the records the allowed writes made, none of the refused ones", async () => {
    const admin = localConnection(broker, "admin");
    const counts = await Promise.all(
      (["transactions", "scores", "dlq", "labels"] as const).map(async (topic) => [
        topic,
        (await readCommitted(admin, [t[topic]], 99, { timeoutMs: 3000 })).length,
      ]),
    );
    expect(Object.fromEntries(counts)).toEqual({ transactions: 1, scores: 1, dlq: 1, labels: 1 });
  });
});
