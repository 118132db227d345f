import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { KAFKA_USER_NAMES, userAcls, type AclBinding, type KafkaUserName } from "@antifraud/contracts";
import { repoRoot } from "../paths";
import type { AdminCredentials } from "./kafka-storage";
import { javaCommand, kafkaClasspath } from "./kafka-storage";

export interface KafkaCredentials {
  readonly username: string;
  readonly password: string;
}

/** How clients reach a SASL_SSL broker: the CA to verify it with and one SCRAM user per role. */
export interface KafkaSecurity {
  readonly protocol: "sasl_ssl";
  readonly mechanism: "scram-sha-512";
  readonly caFile: string;
  /** `admin` (super user: topics, like the Pulumi program's MdbKafkaTopic) and the platform's roles. */
  readonly users: Readonly<Record<"admin" | KafkaUserName, KafkaCredentials>>;
}

/**
 * The topic resources a permission covers locally: the topic itself (the demo's names) and every
 * `<topic>_<suffix>` instance (tests and benchmarks make their own topics that way, see
 * instanceTopics). The `_` keeps `transactions_*` apart from `transactions.dlq`.
 */
export const localTopicPatterns = (topic: string) =>
  [
    { patternType: "LITERAL", name: topic },
    { patternType: "PREFIXED", name: `${topic}_` },
  ] as const;

/** The ACLs the local broker enforces: the contracts' role table on the local topic patterns. */
export function localAcls(): AclBinding[] {
  return KAFKA_USER_NAMES.flatMap((user) => userAcls(user, localTopicPatterns));
}

/**
 * Creates the role users (random passwords) and their ACLs on a fresh broker, through Kafka's Java
 * AdminClient (scripts/local/kafka/LocalAdmin.java); returns the credentials clients use.
 */
export function createAccess(
  bootstrapServers: string,
  caFile: string,
  admin: AdminCredentials,
): KafkaSecurity["users"] {
  const users = Object.fromEntries(
    KAFKA_USER_NAMES.map((name) => [
      name,
      { username: name, password: randomBytes(18).toString("base64url") },
    ]),
  ) as Record<KafkaUserName, KafkaCredentials>;
  const lines = [
    ...Object.values(users).map((u) => `user ${u.username} ${u.password}`),
    ...localAcls().map(
      (a) => `acl ${a.principal} ${a.resourceType} ${a.patternType} ${a.resourceName} ${a.operation}`,
    ),
  ];
  localAdmin(["access", bootstrapServers, caFile, admin.username, admin.password], lines.join("\n") + "\n");
  return { admin, ...users };
}

/** Runs scripts/local/kafka/LocalAdmin.java (about 2 s of JVM start) and returns what it printed. */
function localAdmin(args: readonly string[], input = ""): string {
  return execFileSync(
    javaCommand(),
    ["-cp", kafkaClasspath(), join(repoRoot(), "scripts", "local", "kafka", "LocalAdmin.java"), ...args],
    { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] },
  ).trim();
}

/**
 * The transaction coordinator's state of `transactionalId` (`Ongoing` while a transaction is open)
 * and how many partitions the transaction spans.
 */
export function transactionState(
  bootstrapServers: string,
  security: KafkaSecurity,
  transactionalId: string,
): { state: string; partitions: number } {
  const { username, password } = security.users.admin;
  const out = localAdmin([
    "transaction",
    bootstrapServers,
    security.caFile,
    username,
    password,
    transactionalId,
  ]);
  const [state, partitions] = out.split(" ");
  return { state: state ?? "", partitions: Number(partitions) };
}
