import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import * as rds from "@pulumi/aws/rds";
import { K8S } from "../lib/kubernetes-types";
import { booleanParam, configSchemaOf, configValues, integerParam } from "../lib/policy-config";
import { ownedObjectsOnly, validateTypes } from "../lib/typed-validation";

/** Services that can reach into a managed database from outside the VPC, by `config.access` flag. */
const OUTSIDE_ACCESS = ["webSql", "dataLens", "dataTransfer", "serverless", "yandexQuery"] as const;

export const postgresqlPrivate: ResourceValidationPolicy = {
  name: "postgresql-private",
  description:
    "Managed PostgreSQL is reached only from the VPC: a security group, no public host address, and no " +
    "console or other service access into the database.",
  severity: "critical",
  validateResource: [
    validateResourceOfType(yandex.MdbPostgresqlCluster, (cluster, _args, report) => {
      if ((cluster.securityGroupIds ?? []).length === 0) {
        report("no securityGroupIds: the cluster would get the network's default security group");
      }
      cluster.hosts.forEach((h, i) => {
        if (h.assignPublicIp === true)
          report(`hosts[${i}] (${h.zone}) has assignPublicIp = true; keep PostgreSQL private`);
      });
      const access = cluster.config.access as Record<string, unknown> | undefined;
      const open = OUTSIDE_ACCESS.filter((flag) => access?.[flag] === true);
      if (open.length > 0)
        report(`config.access opens the database to ${open.join(", ")}; set them to false`);
    }),
    validateResourceOfType(rds.Instance, (instance, args, report) => {
      if (instance.engine !== "postgres") args.notApplicable("not a PostgreSQL instance");
      if ((instance.vpcSecurityGroupIds ?? []).length === 0) {
        report("no vpcSecurityGroupIds: the instance would get the VPC's default security group");
      }
      if (instance.publiclyAccessible === true)
        report(
          "publiclyAccessible is true: the instance would get a public address; keep PostgreSQL private",
        );
    }),
  ],
};

const haConfig = {
  minHosts: integerParam("Fewest PostgreSQL hosts (a replica to fail over to)", 2),
  deletionProtection: booleanParam("PostgreSQL clusters must have deletion protection", true),
};

export const postgresqlHighAvailability: ResourceValidationPolicy = {
  name: "postgresql-high-availability",
  description:
    "Managed PostgreSQL keeps a replica to fail over to and cannot be deleted by accident (prod thresholds).",
  severity: "high",
  configSchema: configSchemaOf(haConfig),
  validateResource: [
    validateResourceOfType(yandex.MdbPostgresqlCluster, (cluster, args, report) => {
      const { minHosts, deletionProtection } = configValues(haConfig, args);
      if (cluster.hosts.length < minHosts)
        report(`${cluster.hosts.length} host(s); at least ${minHosts} required so a failover has a replica`);
      if (deletionProtection && cluster.deletionProtection !== true)
        report("deletionProtection is not true: one mistaken delete would lose the database");
    }),
    validateResourceOfType(rds.Instance, (instance, args, report) => {
      if (instance.engine !== "postgres") args.notApplicable("not a PostgreSQL instance");
      const { minHosts, deletionProtection } = configValues(haConfig, args);
      // A Multi-AZ instance is a primary and a synchronous standby: the two hosts of a failover.
      if (minHosts >= 2 && instance.multiAz !== true)
        report(`multiAz is not true: a single instance has no standby; at least ${minHosts} hosts required`);
      if (deletionProtection && instance.deletionProtection !== true)
        report("deletionProtection is not true: one mistaken delete would lose the database");
    }),
  ],
};

/** PostgreSQL URIs in a Secret must verify the server: a connection without it could be downgraded. */
const POSTGRES_URI = /^postgres(ql)?(\+\w+)?:\/\//;
const VERIFIED_TLS = /[?&]sslmode=verify-(full|ca)(&|$)/;

export const postgresqlClientTls: ResourceValidationPolicy = {
  name: "postgresql-client-tls",
  description:
    "Clients connect to PostgreSQL over TLS with the server's certificate verified (sslmode=verify-full or " +
    "verify-ca); RDS parameter groups for PostgreSQL set rds.force_ssl = 1, so the server refuses clear connections.",
  severity: "high",
  validateResource: [
    validateResourceOfType(rds.ParameterGroup, (group, args, report) => {
      if (!group.family.startsWith("postgres")) args.notApplicable("not a PostgreSQL parameter group");
      const forceSsl = (group.parameters ?? []).find((p) => p.name === "rds.force_ssl")?.value;
      if (forceSsl !== "1") {
        report(
          `rds.force_ssl is ${forceSsl ?? "unset"}: the server would accept connections without TLS; set it to 1`,
        );
      }
    }),
    ownedObjectsOnly(
      validateTypes<{ metadata?: { name?: string }; stringData?: Record<string, unknown> }>(
        K8S.secret,
        (secret, args, report) => {
          for (const [key, value] of Object.entries(secret.stringData ?? {})) {
            if (typeof value === "string" && POSTGRES_URI.test(value) && !VERIFIED_TLS.test(value)) {
              report(
                `Secret "${secret.metadata?.name ?? args.name}" key ${key}: a PostgreSQL URI without ` +
                  "sslmode=verify-full; verify the server's certificate against the CA",
              );
            }
          }
        },
      ),
    ),
  ],
};

export const postgresqlPolicies = [postgresqlPrivate, postgresqlHighAvailability, postgresqlClientTls];
