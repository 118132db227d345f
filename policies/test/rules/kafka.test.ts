import * as yandex from "@antifraud/infra/yandex";
import { kafkaNoPublicAccess, kafkaPerRoleUsers, kafkaReplication } from "../../src/rules/kafka";
import { messagesOf, resource, withChange } from "../helpers";

const goodCluster = {
  networkId: "enp1",
  config: {
    version: "3.6",
    zones: ["ru-central1-a", "ru-central1-b", "ru-central1-d"],
    brokersCount: 1,
    assignPublicIp: false,
    kafka: {
      resources: { resourcePresetId: "s3-c2-m8", diskSize: 64, diskTypeId: "network-ssd" },
      kafkaConfig: { defaultReplicationFactor: "3", autoCreateTopicsEnable: false },
    },
  },
};
type Cluster = typeof goodCluster & Record<string, unknown>;
const cluster = (change: (c: Cluster) => void = () => {}) =>
  resource(yandex.MdbKafkaCluster.__pulumiType, "kafka-cluster", withChange(goodCluster as Cluster, change));
const topic = (name: string, replicationFactor: number, minInsyncReplicas?: string) =>
  resource(yandex.MdbKafkaTopic.__pulumiType, `topic-${name}`, {
    clusterId: "c9q1",
    name,
    partitions: 12,
    replicationFactor,
    topicConfig: minInsyncReplicas === undefined ? {} : { minInsyncReplicas },
  });
const user = (name: string, permissions: { topicName: string; role: string }[]) =>
  resource(yandex.MdbKafkaUser.__pulumiType, `user-${name}`, {
    clusterId: "c9q1",
    name,
    password: "x",
    permissions,
  });

describe("kafka-no-public-access", () => {
  it("accepts private brokers and flags public ones", async () => {
    expect(await messagesOf(kafkaNoPublicAccess, [cluster()])).toEqual([]);
    expect(await messagesOf(kafkaNoPublicAccess, [cluster((c) => (c.config.assignPublicIp = true))])).toEqual(
      ["config.assignPublicIp is true: brokers would be reachable from the internet; set it to false"],
    );
  });
});

describe("kafka-replication", () => {
  const prod = { minReplicationFactor: 3, minInsyncReplicas: 2 };
  it.each([
    ["a three-zone cluster and replicated topics", [cluster(), topic("scores", 3, "2")], prod, []],
    [
      "a single-zone cluster in prod",
      [
        cluster((c) => {
          c.config.zones = ["ru-central1-a"];
          c.config.kafka.kafkaConfig.defaultReplicationFactor = "1";
        }),
      ],
      prod,
      [
        "1 broker(s) (1 zone(s) x 1) cannot hold 3 replicas",
        "kafkaConfig.defaultReplicationFactor is 1; auto-created topics need at least 3",
      ],
    ],
    [
      "an unset default replication factor",
      [cluster((c) => delete (c.config.kafka as Partial<typeof c.config.kafka>).kafkaConfig)],
      prod,
      ["kafkaConfig.defaultReplicationFactor is unset; auto-created topics need at least 3"],
    ],
    [
      "an under-replicated topic",
      [topic("scores", 1, "1")],
      prod,
      [
        'topic "scores" has replicationFactor 1; at least 3 required',
        'topic "scores" has minInsyncReplicas 1; at least 2 required',
      ],
    ],
    [
      "a topic without min.insync.replicas",
      [topic("labels", 3)],
      prod,
      ['topic "labels" has minInsyncReplicas unset; at least 2 required'],
    ],
    [
      "min.insync.replicas equal to the replication factor",
      [topic("labels", 3, "3")],
      prod,
      [
        'topic "labels" has minInsyncReplicas 3 >= replicationFactor 3: one broker down would block every producer',
      ],
    ],
    [
      "a single-broker dev cluster under dev settings",
      [
        cluster((c) => {
          c.config.zones = ["ru-central1-a"];
          c.config.kafka.kafkaConfig.defaultReplicationFactor = "1";
        }),
        topic("scores", 1, "1"),
      ],
      { minReplicationFactor: 1, minInsyncReplicas: 1 },
      [],
    ],
  ])("%s", async (_case, resources, settings, expected) => {
    expect(await messagesOf(kafkaReplication, resources, settings)).toEqual(expected);
  });
});

describe("kafka-per-role-users", () => {
  it.each([
    [
      "one user per role with narrow permissions",
      [
        cluster(),
        user("scoring-stream", [
          { topicName: "transactions", role: "ACCESS_ROLE_CONSUMER" },
          { topicName: "scores", role: "ACCESS_ROLE_PRODUCER" },
        ]),
      ],
      [],
    ],
    [
      "inline cluster users",
      [cluster((c) => (c.users = [{ name: "app", password: "p", permissions: [] }]))],
      ["cluster declares 1 inline user(s); declare one MdbKafkaUser per service role instead"],
    ],
    [
      "an admin user",
      [user("ops", [{ topicName: "scores", role: "ACCESS_ROLE_ADMIN" }])],
      ['user "ops" has role ACCESS_ROLE_ADMIN on "scores"; services need no admin rights'],
    ],
    [
      "a wildcard topic",
      [user("any", [{ topicName: "*", role: "ACCESS_ROLE_CONSUMER" }])],
      ['user "any" has ACCESS_ROLE_CONSUMER on wildcard topic "*"'],
    ],
    [
      "one user producing and consuming the same topic",
      [
        user("shared", [
          { topicName: "scores", role: "ACCESS_ROLE_PRODUCER" },
          { topicName: "scores", role: "ACCESS_ROLE_CONSUMER" },
        ]),
      ],
      ['user "shared" both produces to and consumes from "scores": split producer and consumer roles'],
    ],
    ["a user without permissions", [user("idle", [])], ['user "idle" has no topic permissions']],
  ])("%s", async (_case, resources, expected) => {
    expect(await messagesOf(kafkaPerRoleUsers, resources)).toEqual(expected);
  });
});
