import { TOPICS, type TopicName } from "./topics";

/** The two topic roles the platform grants a Kafka user (Yandex MdbKafkaUser permissions). */
export type KafkaTopicRole = "ACCESS_ROLE_PRODUCER" | "ACCESS_ROLE_CONSUMER";

export interface KafkaTopicPermission {
  readonly topic: TopicName;
  readonly role: KafkaTopicRole;
}

/**
 * The platform's Kafka users and their topic permissions (DESIGN.md 4.4): the stream worker reads
 * transactions and writes scores and dead letters; the quality consumer only reads scores and the
 * delayed labels; ingest (the simulator, card processing) only
 * produces transactions and labels; analytics (Spark, the demo's reader) only reads. The Pulumi
 * program creates exactly these MdbKafkaUsers; the local broker creates the same users with the ACLs
 * below, so a role cannot do locally what it could not do in the cloud.
 */
export const KAFKA_USERS = {
  "scoring-stream": [
    { topic: TOPICS.transactions, role: "ACCESS_ROLE_CONSUMER" },
    { topic: TOPICS.scores, role: "ACCESS_ROLE_PRODUCER" },
    { topic: TOPICS.transactionsDlq, role: "ACCESS_ROLE_PRODUCER" },
  ],
  "scoring-quality": [
    { topic: TOPICS.scores, role: "ACCESS_ROLE_CONSUMER" },
    { topic: TOPICS.labels, role: "ACCESS_ROLE_CONSUMER" },
  ],
  ingest: [
    { topic: TOPICS.transactions, role: "ACCESS_ROLE_PRODUCER" },
    { topic: TOPICS.labels, role: "ACCESS_ROLE_PRODUCER" },
  ],
  analytics: [
    { topic: TOPICS.scores, role: "ACCESS_ROLE_CONSUMER" },
    { topic: TOPICS.labels, role: "ACCESS_ROLE_CONSUMER" },
    { topic: TOPICS.transactionsDlq, role: "ACCESS_ROLE_CONSUMER" },
  ],
} as const satisfies Record<string, readonly KafkaTopicPermission[]>;

export type KafkaUserName = keyof typeof KAFKA_USERS;
export const KAFKA_USER_NAMES = Object.keys(KAFKA_USERS) as KafkaUserName[];

export type AclResourceType = "TOPIC" | "GROUP" | "TRANSACTIONAL_ID" | "CLUSTER";
export type AclPatternType = "LITERAL" | "PREFIXED";
export type AclOperation = "READ" | "WRITE" | "DESCRIBE" | "DESCRIBE_CONFIGS" | "IDEMPOTENT_WRITE";

/** One ALLOW entry for a principal (User:<name>) on a resource pattern. */
export interface AclBinding {
  readonly principal: string;
  readonly resourceType: AclResourceType;
  readonly patternType: AclPatternType;
  readonly resourceName: string;
  readonly operation: AclOperation;
}

/** `kafka-cluster` is the only name a CLUSTER resource has; `*` (LITERAL) matches every name. */
const CLUSTER = "kafka-cluster";
const ANY = "*";

/**
 * What a role grants, as Yandex documents it (managed-kafka/concepts/account-roles):
 * ACCESS_ROLE_CONSUMER: topic describe, describe configs and read; cluster describe; consumer group read.
 * ACCESS_ROLE_PRODUCER: transactional id write; topic describe, describe configs and write; cluster
 * describe and idempotent write; consumer group describe and read.
 * Group and transactional-id grants are not per topic in Yandex: they cover every name.
 * `topicPatterns` are the topic resources one permission covers (the topic's own name by default).
 */
export function roleAcls(
  user: string,
  permission: KafkaTopicPermission,
  topicPatterns: readonly { patternType: AclPatternType; name: string }[] = [
    { patternType: "LITERAL", name: permission.topic },
  ],
): AclBinding[] {
  const principal = `User:${user}`;
  const on = (
    resourceType: AclResourceType,
    patternType: AclPatternType,
    resourceName: string,
    operations: readonly AclOperation[],
  ): AclBinding[] =>
    operations.map((operation) => ({ principal, resourceType, patternType, resourceName, operation }));
  const topics = (operations: readonly AclOperation[]) =>
    topicPatterns.flatMap((p) => on("TOPIC", p.patternType, p.name, operations));
  if (permission.role === "ACCESS_ROLE_CONSUMER") {
    return [
      ...topics(["DESCRIBE", "DESCRIBE_CONFIGS", "READ"]),
      ...on("CLUSTER", "LITERAL", CLUSTER, ["DESCRIBE"]),
      ...on("GROUP", "LITERAL", ANY, ["READ"]),
    ];
  }
  return [
    ...on("TRANSACTIONAL_ID", "LITERAL", ANY, ["WRITE"]),
    ...topics(["DESCRIBE", "DESCRIBE_CONFIGS", "WRITE"]),
    ...on("CLUSTER", "LITERAL", CLUSTER, ["DESCRIBE", "IDEMPOTENT_WRITE"]),
    ...on("GROUP", "LITERAL", ANY, ["DESCRIBE", "READ"]),
  ];
}

/** Every ACL of a user (duplicates from several permissions removed), in a stable order. */
export function userAcls(
  user: KafkaUserName,
  topicPatterns?: (topic: TopicName) => readonly { patternType: AclPatternType; name: string }[],
): AclBinding[] {
  const seen = new Map<string, AclBinding>();
  for (const permission of KAFKA_USERS[user]) {
    for (const acl of roleAcls(user, permission, topicPatterns?.(permission.topic))) {
      seen.set([acl.resourceType, acl.patternType, acl.resourceName, acl.operation].join(" "), acl);
    }
  }
  return [...seen.values()];
}
