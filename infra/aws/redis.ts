import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { StackConfig } from "../config/schema";
import { resourceName } from "../naming";
import { ELASTICACHE_PORT, type AwsSubnets } from "./network";
import { instanceTypeForPreset } from "./sizes";
import { awsTags } from "./tags";

export interface AwsRedisArgs {
  readonly stack: string;
  readonly environment: "dev" | "prod";
  /** Data-tier subnets; one node per configured zone (`nodeZones`). */
  readonly subnets: AwsSubnets;
  readonly nodeZones: readonly string[];
  readonly securityGroupId: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly redis: StackConfig["redis"];
}

/** ElastiCache for Valkey takes the Valkey minor; the config's versions carry Yandex's `-valkey` suffix. */
export function valkeyVersion(configVersion: string): string {
  return configVersion.replace(/-valkey$/, "");
}

/**
 * ElastiCache for Valkey (the online feature store): one node per zone, TLS required, AUTH token (secret),
 * storage and backups encrypted with the stack's key; automatic failover across zones when there are two
 * nodes or more.
 */
export class AwsRedis extends pulumi.ComponentResource {
  /** `rediss://:<token>@<primary endpoint>:6379` (secret). */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: AwsRedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:Redis", name, { nodeZones: args.nodeZones, redis: args.redis }, opts);
    const child = { parent: this };
    const nodes = args.nodeZones.length;
    const token = new random.RandomPassword(`${name}-auth-token`, { length: 32, special: false }, child);
    const subnets = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      {
        name: resourceName(args.stack, "redis"),
        subnetIds: args.subnets.ids,
        tags: awsTags(args.stack, "redis"),
      },
      child,
    );
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-cluster`,
      {
        replicationGroupId: resourceName(args.stack, "redis"),
        description: "antifraud online feature store",
        engine: "valkey",
        engineVersion: valkeyVersion(args.redis.version),
        nodeType: instanceTypeForPreset("elasticache", args.redis.preset).type,
        numCacheClusters: nodes,
        preferredCacheClusterAzs: [...args.nodeZones],
        automaticFailoverEnabled: nodes >= 2,
        multiAzEnabled: nodes >= 2,
        port: ELASTICACHE_PORT,
        subnetGroupName: subnets.name,
        securityGroupIds: [args.securityGroupId],
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        authToken: pulumi.secret(token.result),
        snapshotRetentionLimit: args.environment === "prod" ? 7 : 0,
        maintenanceWindow: "sun:03:00-sun:04:00",
        tags: awsTags(args.stack, "redis", resourceName(args.stack, "redis")),
      },
      child,
    );
    this.url = pulumi.secret(
      pulumi.interpolate`rediss://:${token.result}@${group.primaryEndpointAddress}:${ELASTICACHE_PORT}`,
    );
    this.registerOutputs({});
  }
}
