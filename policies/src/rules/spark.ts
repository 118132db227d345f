import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import * as ec2 from "@pulumi/aws/ec2";
import * as emr from "@pulumi/aws/emr";
import { configSchemaOf, configValues, integerParam } from "../lib/policy-config";
import { dependenciesOf, type ResourceAndStackPolicy } from "./stack-links";

export const sparkNoPublicIp: ResourceAndStackPolicy = {
  name: "spark-no-public-ip",
  description:
    "Data Processing hosts have no public IP addresses; they reach Object Storage through the NAT gateway " +
    "(on AWS: EMR runs in a private subnet, one that maps no public IPs on launch).",
  severity: "high",
  validateResource: [
    validateResourceOfType(yandex.DataprocCluster, (cluster, _args, report) => {
      for (const spec of cluster.clusterConfig.subclusterSpecs) {
        if (spec.assignPublicIp === true)
          report(`subcluster "${spec.name}" (${spec.role}) has assignPublicIp = true`);
      }
    }),
    validateResourceOfType(emr.Cluster, (cluster, _args, report) => {
      const attributes = cluster.ec2Attributes;
      if (!attributes?.subnetId && (attributes?.subnetIds ?? []).length === 0) {
        report("ec2Attributes names no subnet: EMR would launch in the default VPC's public subnets");
      }
    }),
  ],
  // EMR has no public-IP switch: its nodes get public addresses exactly when their subnet maps them.
  validateStack: (args, report) => {
    for (const cluster of args.resources.filter((r) => r.isType(emr.Cluster))) {
      for (const subnet of dependenciesOf(cluster, ec2.Subnet)) {
        if (subnet.asType(ec2.Subnet)?.mapPublicIpOnLaunch === true) {
          report(
            `subnet "${subnet.name}" maps public IPs on launch: EMR nodes would get public addresses; use a private subnet`,
            cluster.urn,
          );
        }
      }
    }
  },
};

const autoscalingConfig = {
  maxHosts: integerParam("Largest maxHostsCount an autoscaled subcluster may reach", 10),
};

export const sparkBoundedAutoscaling: ResourceValidationPolicy = {
  name: "spark-bounded-autoscaling",
  description:
    "Autoscaled Spark subclusters have an explicit, budgeted ceiling (on AWS: the EMR managed scaling policy's " +
    "maximum, counted in instances).",
  severity: "medium",
  configSchema: configSchemaOf(autoscalingConfig),
  validateResource: [
    validateResourceOfType(yandex.DataprocCluster, (cluster, args, report) => {
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
    validateResourceOfType(emr.ManagedScalingPolicy, (policy, args, report) => {
      const { maxHosts } = configValues(autoscalingConfig, args);
      policy.computeLimits.forEach((limit, i) => {
        if (limit.unitType !== "Instances") {
          report(
            `computeLimits[${i}] counts ${limit.unitType}; count "Instances" so the ceiling of ${maxHosts} hosts applies`,
          );
        } else if (limit.maximumCapacityUnits > maxHosts) {
          report(
            `computeLimits[${i}] lets the cluster scale to ${limit.maximumCapacityUnits} instances; the ceiling is ${maxHosts}`,
          );
        }
        if (limit.maximumCapacityUnits < limit.minimumCapacityUnits) {
          report(
            `computeLimits[${i}] has maximumCapacityUnits ${limit.maximumCapacityUnits} below minimumCapacityUnits ` +
              `${limit.minimumCapacityUnits}`,
          );
        }
      });
    }),
  ],
};

export const sparkPolicies = [sparkNoPublicIp, sparkBoundedAutoscaling];
