import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";

export const redisTls: ResourceValidationPolicy = {
  name: "redis-tls",
  description: "Redis (the online feature store) accepts TLS connections only, from inside the VPC.",
  severity: "high",
  validateResource: validateResourceOfType(yandex.MdbRedisCluster, (cluster, _args, report) => {
    if (cluster.tlsEnabled !== true)
      report("tlsEnabled is not true: feature values and the password would cross the network in clear");
    cluster.hosts.forEach((h, i) => {
      if (h.assignPublicIp === true)
        report(`hosts[${i}] (${h.zone}) has assignPublicIp = true; keep Redis private`);
    });
  }),
};

export const redisPolicies = [redisTls];
