import type { ResourceValidationPolicy } from "@pulumi/policy";
import { K8S } from "../lib/kubernetes-types";
import { configSchemaOf, configValues, stringListParam } from "../lib/policy-config";
import { ownedObjectsOnly, validateTypes } from "../lib/typed-validation";
import { worldReach } from "../lib/world-cidrs";
import { internalLoadBalancerSetting, isInternalLoadBalancer } from "./network";

const privateConfig = {
  appNames: stringListParam(
    "app.kubernetes.io/name values of workloads reached only in the cluster, by port-forward, or through an " +
      "internal load balancer limited to named source ranges",
    ["mlflow"],
  ),
};

interface ServiceProps {
  readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> };
  readonly spec?: {
    readonly type?: string;
    readonly selector?: Record<string, string>;
    readonly loadBalancerSourceRanges?: readonly string[];
  };
}

export const mlflowPrivate: ResourceValidationPolicy = {
  name: "mlflow-private",
  description:
    "The MLflow tracking server (runs, metrics, model artifacts) stays private: a ClusterIP Service, or a " +
    "LoadBalancer that is internal (yandex.cloud/load-balancer-type: internal; on EKS " +
    'service.beta.kubernetes.io/aws-load-balancer-internal: "true") and admits only named source ' +
    "ranges (loadBalancerSourceRanges, none of them the world); no public load balancer, no node port.",
  severity: "high",
  configSchema: configSchemaOf(privateConfig),
  validateResource: ownedObjectsOnly(
    validateTypes<ServiceProps>(K8S.service, (service, args, report) => {
      const { appNames } = configValues(privateConfig, args);
      const app = service.spec?.selector?.["app.kubernetes.io/name"];
      if (app === undefined || !appNames.includes(app)) return;
      const name = `Service "${service.metadata?.name ?? args.name}"`;
      const type = service.spec?.type ?? "ClusterIP";
      if (type === "ClusterIP") return;
      if (type !== "LoadBalancer") {
        report(
          `${name} of type ${type} exposes ${app} outside the cluster: use ClusterIP, or an internal ` +
            "LoadBalancer with loadBalancerSourceRanges",
        );
        return;
      }
      const annotations = service.metadata?.annotations;
      if (!isInternalLoadBalancer(annotations)) {
        report(
          `${name} of type LoadBalancer without ${internalLoadBalancerSetting(annotations)} gives ${app} a public ` +
            "address: make the load balancer internal",
        );
        return;
      }
      const ranges = service.spec?.loadBalancerSourceRanges ?? [];
      if (ranges.length === 0) {
        report(
          `${name} (internal LoadBalancer) has no loadBalancerSourceRanges: every address in the VPC reaches ` +
            `${app}; list the client subnets`,
        );
        return;
      }
      // Name the offending blocks: those open to the world alone, else the ones that are together.
      const alone = ranges.filter((r) => worldReach([r]).length > 0);
      const world = alone.length > 0 ? alone : worldReach(ranges);
      if (world.length > 0) {
        report(
          `${name} (internal LoadBalancer) loadBalancerSourceRanges admit the world (${world.join(", ")}); ` +
            "list the client subnets",
        );
      }
    }),
  ),
};

export const mlflowPolicies = [mlflowPrivate];
