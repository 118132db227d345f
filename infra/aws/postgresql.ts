import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { StackConfig } from "../config/schema";
import { resourceName } from "../naming";
import { POSTGRESQL_PORT, type AwsSubnets } from "./network";
import { instanceTypeForPreset } from "./sizes";
import { awsTags } from "./tags";

export interface AwsPostgresqlArgs {
  readonly stack: string;
  readonly environment: "dev" | "prod";
  /** Data-tier subnets in the service zones (an RDS subnet group needs two zones). */
  readonly subnets: AwsSubnets;
  readonly securityGroupId: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Database and user name. */
  readonly database: string;
  readonly postgresql: StackConfig["mlflow"]["postgresql"];
}

/**
 * RDS for PostgreSQL (MLflow's backend store): private, TLS enforced by the parameter group
 * (`rds.force_ssl`), storage encrypted with the stack's key, Multi-AZ (a standby to fail over to) when the
 * config asks for two hosts or more, deletion protection and a final snapshot in prod.
 */
export class AwsPostgresql extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly port = POSTGRESQL_PORT;
  readonly database: string;
  readonly user: string;
  readonly password: pulumi.Output<string>;
  readonly ready: pulumi.Resource;

  constructor(name: string, args: AwsPostgresqlArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:Postgresql", name, { postgresql: args.postgresql }, opts);
    const p = args.postgresql;
    const child = { parent: this };
    const prod = args.environment === "prod";
    const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, child);
    const subnets = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        name: resourceName(args.stack, "postgresql"),
        subnetIds: args.subnets.ids,
        tags: awsTags(args.stack, "postgresql"),
      },
      child,
    );
    const parameters = new aws.rds.ParameterGroup(
      `${name}-parameters`,
      {
        name: resourceName(args.stack, "postgresql", p.version),
        family: `postgres${p.version}`,
        parameters: [{ name: "rds.force_ssl", value: "1" }],
        tags: awsTags(args.stack, "postgresql"),
      },
      child,
    );
    const instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        identifier: resourceName(args.stack, "postgresql"),
        engine: "postgres",
        engineVersion: p.version,
        instanceClass: instanceTypeForPreset("rds", p.preset).type,
        allocatedStorage: p.diskGb,
        storageType: "gp3",
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        multiAz: p.hosts >= 2,
        dbName: args.database,
        username: args.database,
        password: pulumi.secret(password.result),
        port: POSTGRESQL_PORT,
        dbSubnetGroupName: subnets.name,
        parameterGroupName: parameters.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        publiclyAccessible: false,
        backupRetentionPeriod: 7,
        deletionProtection: prod,
        skipFinalSnapshot: !prod,
        ...(prod ? { finalSnapshotIdentifier: resourceName(args.stack, "postgresql", "final") } : {}),
        autoMinorVersionUpgrade: true,
        maintenanceWindow: "sun:03:00-sun:04:00",
        tags: awsTags(args.stack, "postgresql", resourceName(args.stack, "postgresql")),
      },
      child,
    );
    this.ready = instance;
    this.host = instance.address;
    this.database = args.database;
    this.user = args.database;
    this.password = pulumi.secret(password.result);
    this.registerOutputs({ host: this.host });
  }
}
