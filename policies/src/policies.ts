import type { Policies } from "@pulumi/policy";
import { airflowPolicies } from "./rules/airflow";
import { costPolicies } from "./rules/cost";
import { encryptionPolicies } from "./rules/encryption-at-rest";
import { identityPolicies } from "./rules/identity";
import { kafkaPolicies } from "./rules/kafka";
import { kubernetesSecurityPolicies } from "./rules/kubernetes-security";
import { kubernetesApiPolicies } from "./rules/kubernetes-api";
import { workloadPolicies } from "./rules/kubernetes-workloads";
import { labelPolicies } from "./rules/labels";
import { mlflowPolicies } from "./rules/mlflow";
import { networkPolicies } from "./rules/network";
import { postgresqlPolicies } from "./rules/postgresql";
import { redisPolicies } from "./rules/redis";
import { registryPolicies } from "./rules/registry";
import { sparkPolicies } from "./rules/spark";
import { storagePolicies } from "./rules/storage";

/** Every policy of the pack, grouped by domain. The PolicyPack itself is built only in ../index.ts. */
export const policies: Policies = [
  ...storagePolicies,
  ...encryptionPolicies,
  ...networkPolicies,
  ...kafkaPolicies,
  ...redisPolicies,
  ...identityPolicies,
  ...registryPolicies,
  ...workloadPolicies,
  ...kubernetesSecurityPolicies,
  ...kubernetesApiPolicies,
  ...sparkPolicies,
  ...airflowPolicies,
  ...postgresqlPolicies,
  ...mlflowPolicies,
  ...labelPolicies,
  ...costPolicies,
];
