import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as yandex from "../yandex";
import type { StackConfig } from "../config/schema";
import { cloudLabels, resourceName } from "../naming";
import { REDIS_TLS_PORT } from "./network";

export interface RedisArgs {
  /** Stack name, used in names and labels. */
  readonly stack: string;
  readonly environment: "dev" | "prod";
  readonly networkId: pulumi.Input<string>;
  /** One host per zone (plain: decides the host count). */
  readonly zones: readonly string[];
  /** Data-tier subnets, one per zone, in the order of `zones`. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  readonly redis: StackConfig["redis"];
}

/**
 * Managed Redis for the online feature store (per-customer windows): TLS only, a generated password
 * kept secret, one replica per zone (Sentinel fails over between zones in prod).
 */
export class Redis extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** `rediss://` host list of the cluster (TLS). */
  readonly hosts: pulumi.Output<string[]>;
  readonly port: number;
  readonly password: pulumi.Output<string>;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:redis:Redis", name, { zones: args.zones, redis: args.redis }, opts);
    if (args.subnetIds.length !== args.zones.length)
      throw new Error(`${name}: one subnet per zone is required`);
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 32, special: false },
      { parent: this },
    );
    const cluster = new yandex.MdbRedisCluster(
      `${name}-cluster`,
      {
        name: resourceName(args.stack, "redis"),
        environment: args.environment === "prod" ? "PRODUCTION" : "PRESTABLE",
        networkId: args.networkId,
        securityGroupIds: [args.securityGroupId],
        tlsEnabled: true,
        deletionProtection: args.environment === "prod",
        persistenceMode: "ON",
        labels: cloudLabels(args.stack, "redis"),
        config: {
          version: args.redis.version,
          password: pulumi.secret(password.result),
          maxmemoryPolicy: "VOLATILE_LRU",
          timeout: 300,
        },
        resources: {
          resourcePresetId: args.redis.preset,
          diskSize: args.redis.diskGb,
          diskTypeId: args.redis.diskType,
        },
        hosts: args.zones.map((zone, i) => ({
          zone,
          subnetId: args.subnetIds[i] as pulumi.Input<string>,
          assignPublicIp: false,
        })),
        maintenanceWindow: { type: "WEEKLY", day: "SUN", hour: 4 },
      },
      { parent: this, additionalSecretOutputs: ["config"] },
    );
    this.clusterId = cluster.id;
    this.hosts = cluster.hosts.apply((hosts) => (hosts ?? []).map((h) => h.fqdn).sort());
    this.port = REDIS_TLS_PORT;
    this.password = pulumi.secret(password.result);
    this.registerOutputs({ clusterId: this.clusterId, hosts: this.hosts });
  }
}
