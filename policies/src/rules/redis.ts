import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import * as elasticache from "@pulumi/aws/elasticache";

export const redisTls: ResourceValidationPolicy = {
  name: "redis-tls",
  description:
    "Redis (the online feature store) accepts TLS connections only, with a password, from inside the VPC " +
    "(on AWS: an ElastiCache replication group with transit encryption required and an auth token).",
  severity: "high",
  validateResource: [
    validateResourceOfType(yandex.MdbRedisCluster, (cluster, _args, report) => {
      if (cluster.tlsEnabled !== true)
        report("tlsEnabled is not true: feature values and the password would cross the network in clear");
      cluster.hosts.forEach((h, i) => {
        if (h.assignPublicIp === true)
          report(`hosts[${i}] (${h.zone}) has assignPublicIp = true; keep Redis private`);
      });
    }),
    validateResourceOfType(elasticache.ReplicationGroup, (group, _args, report) => {
      if (group.transitEncryptionEnabled !== true) {
        report(
          "transitEncryptionEnabled is not true: feature values and the auth token would cross the network in clear",
        );
      } else if (group.transitEncryptionMode === "preferred") {
        report('transitEncryptionMode is "preferred": clients could still connect in clear; use "required"');
      }
      // Without a token (or RBAC user groups) any client that reaches the port reads every feature.
      if (!group.authToken && (group.userGroupIds ?? []).length === 0) {
        report(
          "no authToken and no userGroupIds: any client in the VPC could read and write the feature store",
        );
      }
    }),
  ],
};

export const redisPolicies = [redisTls];
