import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import * as eks from "@pulumi/aws/eks";
import { booleanParam, configSchemaOf, configValues } from "../lib/policy-config";
import { worldReach } from "../lib/world-cidrs";

const apiConfig = {
  allowPublicApi: booleanParam(
    "A public Kubernetes API address is accepted (dev: reached from the admin networks only)",
    false,
  ),
};

export const privateKubernetesApi: ResourceValidationPolicy = {
  name: "k8s-private-api",
  description:
    "The Kubernetes API has no public address (reached from inside the VPC), unless the stack allows it; on EKS " +
    "the private endpoint is always on, and a public one admits only named networks.",
  severity: "critical",
  configSchema: configSchemaOf(apiConfig),
  validateResource: [
    validateResourceOfType(yandex.KubernetesCluster, (cluster, args, report) => {
      if (configValues(apiConfig, args).allowPublicApi) args.notApplicable("this stack allows a public API");
      if (cluster.master.publicIp === true) {
        report(
          "master.publicIp is true: the Kubernetes API would be reachable from the internet; set it to false",
        );
      }
    }),
    validateResourceOfType(eks.Cluster, (cluster, args, report) => {
      const { endpointPublicAccess, endpointPrivateAccess, publicAccessCidrs } = cluster.vpcConfig;
      if (endpointPrivateAccess !== true) {
        report(
          "vpcConfig.endpointPrivateAccess is not true: nodes and pods would reach the API over the internet",
        );
      }
      // EKS defaults to a public endpoint open to 0.0.0.0/0: only an explicit false turns it off.
      if (endpointPublicAccess === false) return;
      if (!configValues(apiConfig, args).allowPublicApi) {
        report(
          "vpcConfig.endpointPublicAccess is not false: the Kubernetes API would be reachable from the internet; " +
            "set it to false",
        );
        return;
      }
      const cidrs = publicAccessCidrs ?? [];
      if (cidrs.length === 0) {
        report("vpcConfig.publicAccessCidrs is unset: EKS would admit 0.0.0.0/0; list the admin networks");
        return;
      }
      const world = worldReach(cidrs);
      if (world.length > 0) {
        report(`vpcConfig.publicAccessCidrs admit the world (${world.join(", ")}); list the admin networks`);
      }
    }),
  ],
};

export const kubernetesApiPolicies = [privateKubernetesApi];
