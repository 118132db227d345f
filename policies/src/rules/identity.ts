import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import { configSchemaOf, configValues, stringListParam } from "../lib/policy-config";
import { K8S } from "../lib/kubernetes-types";
import { validateTypes } from "../lib/typed-validation";
import { iamAccountWideData, iamWildcards } from "./aws-identity";

/** Primitive roles that grant everything in the folder. */
const PRIMITIVE_ROLES: ReadonlySet<string> = new Set([
  "admin",
  "editor",
  "owner",
  "resource-manager.admin",
  "resource-manager.editor",
]);

/** Folder IAM resources that replace every binding of a role (or the whole policy) instead of adding one. */
const AUTHORITATIVE_FOLDER_IAM: ReadonlySet<string> = new Set([
  "yandex:index/resourcemanagerFolderIamBinding:ResourcemanagerFolderIamBinding",
  "yandex:index/resourcemanagerFolderIamPolicy:ResourcemanagerFolderIamPolicy",
]);

/** Roles that can be bound on the one resource that needs them -> what a folder grant reaches, and the binding to use. */
const RESOURCE_SCOPED_ROLES: ReadonlyMap<string, { reach: string; binding: string }> = new Map([
  [
    "kms.keys.encrypterDecrypter",
    { reach: "every KMS key", binding: "on the key with KmsSymmetricKeyIamBinding" },
  ],
  ["kms.keys.decrypter", { reach: "every KMS key", binding: "on the key with KmsSymmetricKeyIamBinding" }],
  [
    "lockbox.payloadViewer",
    { reach: "every Lockbox secret's payload", binding: "on the secret with LockboxSecretIamBinding" },
  ],
  [
    "dataproc.editor",
    { reach: "every Data Processing cluster", binding: "on the cluster with DataprocClusterIamBinding" },
  ],
  [
    "container-registry.images.pusher",
    { reach: "every registry", binding: "on the registry with ContainerRegistryIamBinding" },
  ],
  [
    "container-registry.images.puller",
    { reach: "every registry", binding: "on the registry with ContainerRegistryIamBinding" },
  ],
]);

const SERVICE_ROLE_FIX = "grant a service-specific role instead";

/** What is wrong with granting `role` on the whole folder, and the fix; undefined when it is fine. */
export function folderRoleProblem(role: string, allowedAdminRoles: readonly string[]): string | undefined {
  if (PRIMITIVE_ROLES.has(role))
    return `folder-wide primitive role "${role}" grants every service in the folder; ${SERVICE_ROLE_FIX}`;
  if (role.endsWith(".admin") && !allowedAdminRoles.includes(role)) {
    return `folder-wide "${role}" grants admin rights on every ${role.split(".")[0]} resource; ${SERVICE_ROLE_FIX}`;
  }
  const scoped = RESOURCE_SCOPED_ROLES.get(role);
  if (scoped) return `folder-wide "${role}" reaches ${scoped.reach} in the folder; bind it ${scoped.binding}`;
  return undefined;
}

const identityConfig = {
  allowedAdminRoles: stringListParam(
    "Service admin roles a component cannot work without (Managed Kubernetes' cluster account creates " +
      "the scoring load balancer with load-balancer.admin)",
    ["load-balancer.admin"],
  ),
};

export const noFolderWideAdmin: ResourceValidationPolicy = {
  name: "iam-least-privilege",
  description:
    "Service accounts get narrow roles: no folder-wide editor/admin roles; KMS, registry, Lockbox and Data " +
    "Processing roles bound on the key, registry, secret or cluster rather than the folder; and no authoritative " +
    "folder bindings. On AWS: no wildcard actions, no whole-service managed policies, and role trusts that name " +
    "their principal (IRSA roles: one service account).",
  severity: "critical",
  configSchema: configSchemaOf(identityConfig),
  validateResource: [
    validateResourceOfType(yandex.ResourcemanagerFolderIamMember, (member, args, report) => {
      const problem = folderRoleProblem(member.role, configValues(identityConfig, args).allowedAdminRoles);
      if (problem) report(`${member.member}: ${problem}`);
    }),
    validateTypes(AUTHORITATIVE_FOLDER_IAM, (_props, args, report) => {
      report(
        `${args.type.split(":").pop()} is authoritative and strips other principals' bindings; use ResourcemanagerFolderIamMember`,
      );
    }),
    ...iamWildcards,
  ],
};

/** Folder-wide roles that reach every bucket's data or every key, or administer every cluster. */
const BROAD_DATA_ROLES: ReadonlyMap<string, string> = new Map([
  ["storage.viewer", "reads every bucket in the folder"],
  ["storage.uploader", "writes every bucket in the folder"],
  ["storage.editor", "reads, writes and deletes every bucket in the folder"],
  ["kms.editor", "manages every KMS key in the folder"],
  ["k8s.cluster-api.cluster-admin", "is cluster-admin in every Kubernetes cluster of the folder"],
]);

const broadRolesConfig = {
  exemptBindings: stringListParam(
    "Regular expressions over resource names of folder bindings allowed anyway, each with its reason in the " +
      "stack's policy config",
    [],
  ),
};

const isExempt = (args: ResourceValidationArgs) =>
  configValues(broadRolesConfig, args).exemptBindings.some((pattern) => new RegExp(pattern).test(args.name));

export const noBroadDataRoles: ResourceValidationPolicy = {
  name: "iam-no-folder-wide-data-roles",
  description:
    "No folder-wide storage.editor/uploader/viewer, kms.editor or cluster-admin: data and key access is granted on " +
    'the bucket or key, and nothing binds Kubernetes\' cluster-admin. On AWS: no data action on Resource "*".',
  severity: "critical",
  configSchema: configSchemaOf(broadRolesConfig),
  validateResource: [
    validateResourceOfType(yandex.ResourcemanagerFolderIamMember, (member, args, report) => {
      const reach = BROAD_DATA_ROLES.get(member.role);
      if (reach === undefined) return;
      if (isExempt(args)) return;
      report(
        `${member.member}: folder-wide "${member.role}" ${reach}; grant it on the one resource that needs it`,
      );
    }),
    validateTypes<{ roleRef?: { name?: string }; metadata?: { name?: string } }>(
      new Set([K8S.clusterRoleBinding, K8S.roleBinding]),
      (binding, args, report) => {
        if (binding.roleRef?.name === "cluster-admin") {
          report(
            `${binding.metadata?.name ?? args.name} binds cluster-admin; bind a role with only the verbs needed`,
          );
        }
      },
    ),
    iamAccountWideData(isExempt),
  ],
};

export const identityPolicies = [noFolderWideAdmin, noBroadDataRoles];
