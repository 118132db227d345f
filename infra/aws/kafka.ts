import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { StackConfig, TopicName } from "../config/schema";
import { resourceName } from "../naming";
import { AwsKafkaAcls } from "./kafka-acls";
import { KAFKA_ADMIN_USER, MSK_SCRAM_USERS } from "./msk-users";
import { MSK_SASL_SCRAM_PORT, type AwsSubnets } from "./network";
import { instanceTypeForPreset } from "./sizes";
import { awsTags } from "./tags";

type KafkaConfig = StackConfig["kafka"];

/** MSK names its KRaft builds `<minor>.x.kraft`; the config's versions are the Kafka minors. */
export const MSK_KAFKA_VERSIONS: Readonly<Record<string, string>> = {
  "3.9": "3.9.x.kraft",
  "4.0": "4.0.x.kraft",
};
/** MSK reads SCRAM credentials only from secrets whose names start with this. */
const MSK_SECRET_PREFIX = "AmazonMSK_";

export interface AwsKafkaArgs {
  readonly stack: string;
  readonly environment: "dev" | "prod";
  /** Data-tier subnets in the service zones; MSK spreads the brokers over them evenly. */
  readonly subnets: AwsSubnets;
  readonly securityGroupId: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** CA the brokers' certificates chain to, for the ACL writer's TLS. */
  readonly caPem: pulumi.Input<string>;
  readonly kafka: KafkaConfig;
}

/** The broker settings every cluster gets; topics are created by the program only. */
export function serverProperties(k: KafkaConfig): string {
  return [
    "auto.create.topics.enable=false",
    "allow.everyone.if.no.acl.found=false",
    `super.users=User:${KAFKA_ADMIN_USER}`,
    `default.replication.factor=${k.replicationFactor}`,
    `min.insync.replicas=${k.minInsyncReplicas}`,
    "compression.type=zstd",
    "",
  ].join("\n");
}

/**
 * MSK with SASL/SCRAM only (no unauthenticated or plaintext clients), TLS between clients and brokers and
 * between brokers, storage encrypted with the stack's KMS key, no public access; the platform's topics;
 * one SCRAM user per service (KAFKA_USERS) plus the admin, each password in a Secrets Manager secret
 * under the same key; the services' ACLs from the contracts (kafka-acls.ts).
 */
export class AwsKafka extends pulumi.ComponentResource {
  readonly clusterArn: pulumi.Output<string>;
  /** `host:9096,...`, the brokers' SASL/SCRAM TLS listener. */
  readonly bootstrapServers: pulumi.Output<string>;
  readonly userPasswords: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: AwsKafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:Kafka", name, { zones: args.subnets.zones, kafka: args.kafka }, opts);
    const k = args.kafka;
    const brokers = k.brokersPerZone * args.subnets.zones.length;
    if (k.replicationFactor > brokers)
      throw new Error(`${name}: replication factor ${k.replicationFactor} exceeds ${brokers} brokers`);
    const version = MSK_KAFKA_VERSIONS[k.version];
    if (!version) throw new Error(`${name}: no MSK build for Kafka ${k.version}`);
    const child = { parent: this };

    const configuration = new aws.msk.Configuration(
      `${name}-config`,
      {
        name: resourceName(args.stack, "kafka"),
        kafkaVersions: [version],
        serverProperties: serverProperties(k),
      },
      child,
    );
    const cluster = new aws.msk.Cluster(
      `${name}-cluster`,
      {
        clusterName: resourceName(args.stack, "kafka"),
        kafkaVersion: version,
        numberOfBrokerNodes: brokers,
        brokerNodeGroupInfo: {
          instanceType: instanceTypeForPreset("msk", k.preset).type,
          clientSubnets: args.subnets.ids,
          securityGroups: [args.securityGroupId],
          storageInfo: { ebsStorageInfo: { volumeSize: k.diskGb } },
          connectivityInfo: { publicAccess: { type: "DISABLED" } },
        },
        clientAuthentication: { sasl: { scram: true, iam: false }, unauthenticated: false },
        encryptionInfo: {
          encryptionAtRestKmsKeyArn: args.kmsKeyArn,
          encryptionInTransit: { clientBroker: "TLS", inCluster: true },
        },
        configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
        enhancedMonitoring: args.environment === "prod" ? "PER_TOPIC_PER_BROKER" : "DEFAULT",
        tags: awsTags(args.stack, "kafka", resourceName(args.stack, "kafka")),
      },
      child,
    );

    const topics = (Object.entries(k.topics) as Array<[TopicName, KafkaConfig["topics"][TopicName]]>).map(
      ([topic, settings]) =>
        new aws.msk.Topic(
          `${name}-topic-${topic}`,
          {
            clusterArn: cluster.arn,
            name: topic,
            partitionCount: settings.partitions,
            replicationFactor: k.replicationFactor,
            configs: JSON.stringify({
              "cleanup.policy": "delete",
              "retention.ms": String(settings.retentionHours * 3_600_000),
              "min.insync.replicas": String(k.minInsyncReplicas),
            }),
          },
          child,
        ),
    );

    const passwords: Record<string, pulumi.Output<string>> = {};
    const secretArns: pulumi.Output<string>[] = [];
    for (const user of MSK_SCRAM_USERS) {
      const password = new random.RandomPassword(
        `${name}-${user}-password`,
        { length: 32, special: false },
        child,
      );
      const secret = new aws.secretsmanager.Secret(
        `${name}-${user}-scram`,
        {
          name: `${MSK_SECRET_PREFIX}${resourceName(args.stack, "kafka", user)}`,
          // MSK refuses secrets under the AWS-managed key.
          kmsKeyId: args.kmsKeyArn,
          recoveryWindowInDays: args.environment === "prod" ? 30 : 0,
          tags: awsTags(args.stack, "kafka"),
        },
        child,
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-${user}-scram`,
        {
          secretId: secret.id,
          secretString: pulumi.secret(pulumi.jsonStringify({ username: user, password: password.result })),
        },
        child,
      );
      secretArns.push(secret.arn);
      passwords[user] = pulumi.secret(password.result);
    }
    const { [KAFKA_ADMIN_USER]: adminPassword, ...userPasswords } = passwords;
    this.userPasswords = userPasswords;
    const scram = new aws.msk.ScramSecretAssociation(
      `${name}-scram`,
      { clusterArn: cluster.arn, secretArnLists: secretArns },
      { parent: this, dependsOn: topics },
    );
    new AwsKafkaAcls(
      `${name}-acls`,
      {
        bootstrapServers: cluster.bootstrapBrokersSaslScram,
        admin: { username: KAFKA_ADMIN_USER, password: adminPassword as pulumi.Output<string> },
        caPem: args.caPem,
        dependsOn: [scram, ...topics],
      },
      child,
    );

    this.clusterArn = cluster.arn;
    this.bootstrapServers = cluster.bootstrapBrokersSaslScram;
    this.registerOutputs({ clusterArn: this.clusterArn, bootstrapServers: this.bootstrapServers });
  }
}

export { MSK_SASL_SCRAM_PORT };
