import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as yandex from "../yandex";
import type { StackConfig } from "../config/schema";
import { cloudLabels, resourceName } from "../naming";
import { POSTGRESQL_PORT } from "./network";

export interface PostgresqlArgs {
  /** Stack name, used in names and labels. */
  readonly stack: string;
  readonly environment: "dev" | "prod";
  readonly networkId: pulumi.Input<string>;
  /** Hosts are spread over these zones in order (plain: decides the layout). */
  readonly zones: readonly string[];
  /** Data-tier subnets, one per zone, in the order of `zones`. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  /** Name of the one database and of its owner, the only user. */
  readonly database: string;
  readonly postgresql: StackConfig["mlflow"]["postgresql"];
}

/**
 * Managed PostgreSQL with one database owned by one user: private hosts spread over the zones (a replica
 * to fail over to in prod), a generated password kept secret, clients admitted by security group only.
 * Clients connect through the special FQDN of the current master, with TLS verified against Yandex's CA.
 */
export class Postgresql extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** The current master, whichever host that is after a failover. */
  readonly host: pulumi.Output<string>;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: pulumi.Output<string>;
  /** Clients start after this: the database exists, owned by the user. */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: PostgresqlArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:postgresql:Postgresql", name, { zones: args.zones, postgresql: args.postgresql }, opts);
    if (args.subnetIds.length !== args.zones.length)
      throw new Error(`${name}: one subnet per zone is required`);
    const p = args.postgresql;
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 32, special: false },
      { parent: this },
    );
    const cluster = new yandex.MdbPostgresqlCluster(
      `${name}-cluster`,
      {
        name: resourceName(args.stack, "postgresql"),
        environment: args.environment === "prod" ? "PRODUCTION" : "PRESTABLE",
        networkId: args.networkId,
        securityGroupIds: [args.securityGroupId],
        deletionProtection: args.environment === "prod",
        labels: cloudLabels(args.stack, "postgresql"),
        config: {
          version: p.version,
          resources: { resourcePresetId: p.preset, diskSize: p.diskGb, diskTypeId: p.diskType },
          backupRetainPeriodDays: 7,
          // No console SQL editor, DataLens or other service reaches into the database.
          access: {
            webSql: false,
            dataLens: false,
            dataTransfer: false,
            serverless: false,
            yandexQuery: false,
          },
        },
        hosts: Array.from({ length: p.hosts }, (_, i) => ({
          zone: args.zones[i % args.zones.length] as string,
          subnetId: args.subnetIds[i % args.subnetIds.length] as pulumi.Input<string>,
          assignPublicIp: false,
        })),
        maintenanceWindow: { type: "WEEKLY", day: "SUN", hour: 3 },
      },
      { parent: this },
    );
    const user = new yandex.MdbPostgresqlUser(
      `${name}-user`,
      { clusterId: cluster.id, name: args.database, password: pulumi.secret(password.result), connLimit: 50 },
      { parent: this },
    );
    this.ready = new yandex.MdbPostgresqlDatabase(
      `${name}-database`,
      { clusterId: cluster.id, name: args.database, owner: args.database },
      { parent: this, dependsOn: [user] },
    );
    this.clusterId = cluster.id;
    this.host = pulumi.interpolate`c-${cluster.id}.rw.mdb.yandexcloud.net`;
    this.port = POSTGRESQL_PORT;
    this.database = args.database;
    this.user = args.database;
    this.password = pulumi.secret(password.result);
    this.registerOutputs({ clusterId: this.clusterId, host: this.host });
  }
}
