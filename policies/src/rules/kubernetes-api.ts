import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import { booleanParam, configSchemaOf, configValues } from "../lib/policy-config";

const apiConfig = {
  allowPublicApi: booleanParam(
    "A public Kubernetes API address is accepted (dev: reached from the admin networks only)",
    false,
  ),
};

export const privateKubernetesApi: ResourceValidationPolicy = {
  name: "k8s-private-api",
  description:
    "The Kubernetes API has no public address (reached from inside the VPC), unless the stack allows it.",
  severity: "critical",
  configSchema: configSchemaOf(apiConfig),
  validateResource: validateResourceOfType(yandex.KubernetesCluster, (cluster, args, report) => {
    if (configValues(apiConfig, args).allowPublicApi) args.notApplicable("this stack allows a public API");
    if (cluster.master.publicIp === true) {
      report(
        "master.publicIp is true: the Kubernetes API would be reachable from the internet; set it to false",
      );
    }
  }),
};

export const kubernetesApiPolicies = [privateKubernetesApi];
