import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as yandex from "../yandex";
import { KAFKA_USERS } from "@antifraud/contracts";
import type { StackConfig, TopicName } from "../config/schema";
import { cloudLabels, resourceName } from "../naming";
import { KAFKA_SASL_SSL_PORT } from "./network";

type KafkaConfig = StackConfig["kafka"];

export interface KafkaArgs {
  /** Stack name, used in names and labels. */
  readonly stack: string;
  readonly environment: "dev" | "prod";
  readonly networkId: pulumi.Input<string>;
  /** Zones the brokers run in (plain: decides the broker layout). */
  readonly zones: readonly string[];
  /** Subnets in the data tier, one per zone. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  /** Sizes, replication and topics from the stack config. */
  readonly kafka: KafkaConfig;
}

/** Managed Kafka cluster, the platform's topics and one SASL user per client role. */
export class Kafka extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** `host:9091,host:9091,...` for SASL_SSL clients. */
  readonly bootstrapServers: pulumi.Output<string>;
  /** Password per client role (secret). */
  readonly userPasswords: Record<string, pulumi.Output<string>>;
  readonly userNames: Record<string, string>;

  constructor(name: string, args: KafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:kafka:Kafka", name, { zones: args.zones, kafka: args.kafka }, opts);
    const brokers = args.kafka.brokersPerZone * args.zones.length;
    if (args.kafka.replicationFactor > brokers) {
      throw new Error(
        `${name}: replication factor ${args.kafka.replicationFactor} exceeds ${brokers} brokers`,
      );
    }
    if (args.subnetIds.length !== args.zones.length)
      throw new Error(`${name}: one subnet per zone is required`);
    const labels = cloudLabels(args.stack, "kafka");
    const k = args.kafka;

    const cluster = new yandex.MdbKafkaCluster(
      `${name}-cluster`,
      {
        name: resourceName(args.stack, "kafka"),
        environment: args.environment === "prod" ? "PRODUCTION" : "PRESTABLE",
        networkId: args.networkId,
        subnetIds: args.subnetIds,
        securityGroupIds: [args.securityGroupId],
        deletionProtection: args.environment === "prod",
        labels,
        config: {
          version: k.version,
          zones: [...args.zones],
          brokersCount: k.brokersPerZone,
          assignPublicIp: false,
          schemaRegistry: false,
          kafka: {
            resources: { resourcePresetId: k.preset, diskSize: k.diskGb, diskTypeId: k.diskType },
            kafkaConfig: {
              autoCreateTopicsEnable: false,
              defaultReplicationFactor: String(k.replicationFactor),
              compressionType: "COMPRESSION_TYPE_ZSTD",
            },
          },
        },
        maintenanceWindow: { type: "WEEKLY", day: "SUN", hour: 3 },
      },
      { parent: this },
    );

    const topics = (Object.entries(k.topics) as Array<[TopicName, KafkaConfig["topics"][TopicName]]>).map(
      ([topic, settings]) =>
        new yandex.MdbKafkaTopic(
          `${name}-topic-${topic}`,
          {
            clusterId: cluster.id,
            name: topic,
            partitions: settings.partitions,
            replicationFactor: k.replicationFactor,
            topicConfig: {
              cleanupPolicy: "CLEANUP_POLICY_DELETE",
              retentionMs: String(settings.retentionHours * 3_600_000),
              minInsyncReplicas: String(k.minInsyncReplicas),
            },
          },
          { parent: this },
        ),
    );

    const passwords: Record<string, pulumi.Output<string>> = {};
    const userNames: Record<string, string> = {};
    // The role table both this program and the local broker's ACLs are made from (services/contracts).
    for (const [role, permissions] of Object.entries(KAFKA_USERS)) {
      const password = new random.RandomPassword(
        `${name}-${role}-password`,
        { length: 32, special: false },
        { parent: this },
      );
      new yandex.MdbKafkaUser(
        `${name}-user-${role}`,
        {
          clusterId: cluster.id,
          name: role,
          password: password.result,
          permissions: permissions.map((p) => ({ topicName: p.topic, role: p.role })),
        },
        { parent: this, dependsOn: topics },
      );
      passwords[role] = pulumi.secret(password.result);
      userNames[role] = role;
    }

    this.clusterId = cluster.id;
    this.bootstrapServers = cluster.hosts.apply((hosts) =>
      (hosts ?? [])
        .filter((h) => h.role === "KAFKA")
        .map((h) => `${h.name}:${KAFKA_SASL_SSL_PORT}`)
        .sort()
        .join(","),
    );
    this.userPasswords = passwords;
    this.userNames = userNames;
    this.registerOutputs({ clusterId: this.clusterId, bootstrapServers: this.bootstrapServers });
  }
}
