import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import { configSchemaOf, configValues, integerParam } from "../lib/policy-config";

export const sparkNoPublicIp: ResourceValidationPolicy = {
  name: "spark-no-public-ip",
  description:
    "Data Processing hosts have no public IP addresses; they reach Object Storage through the NAT gateway.",
  severity: "high",
  validateResource: validateResourceOfType(yandex.DataprocCluster, (cluster, _args, report) => {
    for (const spec of cluster.clusterConfig.subclusterSpecs) {
      if (spec.assignPublicIp === true)
        report(`subcluster "${spec.name}" (${spec.role}) has assignPublicIp = true`);
    }
  }),
};

const autoscalingConfig = {
  maxHosts: integerParam("Largest maxHostsCount an autoscaled subcluster may reach", 10),
};

export const sparkBoundedAutoscaling: ResourceValidationPolicy = {
  name: "spark-bounded-autoscaling",
  description: "Autoscaled Spark subclusters have an explicit, budgeted ceiling.",
  severity: "medium",
  configSchema: configSchemaOf(autoscalingConfig),
  validateResource: validateResourceOfType(yandex.DataprocCluster, (cluster, args, report) => {
    const { maxHosts } = configValues(autoscalingConfig, args);
    for (const spec of cluster.clusterConfig.subclusterSpecs) {
      const scaling = spec.autoscalingConfig;
      if (!scaling) continue;
      if (scaling.maxHostsCount > maxHosts) {
        report(
          `subcluster "${spec.name}" may scale to ${scaling.maxHostsCount} hosts; the ceiling is ${maxHosts}`,
        );
      }
      if (scaling.maxHostsCount < spec.hostsCount) {
        report(
          `subcluster "${spec.name}" has maxHostsCount ${scaling.maxHostsCount} below hostsCount ${spec.hostsCount}`,
        );
      }
    }
  }),
};

export const sparkPolicies = [sparkNoPublicIp, sparkBoundedAutoscaling];
