/**
 * AWS services encrypt at rest with an AWS-managed key unless told otherwise, or (EKS Secrets, EMR
 * disks) not at all. This rule asks for the stack's own KMS key everywhere data is stored, so one key
 * policy and one rotation govern it; buckets are storage-bucket-encrypted's. On Yandex Cloud the
 * managed services' disks are always encrypted, so the rule has nothing to check there.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as ecr from "@pulumi/aws/ecr";
import * as eks from "@pulumi/aws/eks";
import * as elasticache from "@pulumi/aws/elasticache";
import * as emr from "@pulumi/aws/emr";
import * as kms from "@pulumi/aws/kms";
import * as msk from "@pulumi/aws/msk";
import * as rds from "@pulumi/aws/rds";
import * as secretsmanager from "@pulumi/aws/secretsmanager";

const MANAGED_KEY = "the AWS-managed key would be used; set the stack's KMS key";

interface EmrEncryption {
  readonly EnableAtRestEncryption?: boolean;
  readonly AtRestEncryptionConfiguration?: {
    readonly S3EncryptionConfiguration?: { readonly EncryptionMode?: string; readonly AwsKmsKey?: string };
    readonly LocalDiskEncryptionConfiguration?: { readonly AwsKmsKey?: string };
  };
}

/** What an EMR security configuration leaves unencrypted at rest, or "invalid" when it cannot be read. */
export function emrAtRestGaps(configuration: string): string[] | "invalid" {
  let encryption: EmrEncryption | undefined;
  try {
    encryption = (JSON.parse(configuration) as { EncryptionConfiguration?: EmrEncryption })
      .EncryptionConfiguration;
  } catch {
    return "invalid";
  }
  if (encryption?.EnableAtRestEncryption !== true) return ["EnableAtRestEncryption is not true"];
  const atRest = encryption.AtRestEncryptionConfiguration;
  const s3 = atRest?.S3EncryptionConfiguration;
  return [
    ...(s3?.EncryptionMode?.endsWith("KMS") && s3.AwsKmsKey
      ? []
      : ["EMRFS writes to S3 are not SSE-KMS with a key"]),
    ...(atRest?.LocalDiskEncryptionConfiguration?.AwsKmsKey ? [] : ["local disks name no AwsKmsKey"]),
  ];
}

export const encryptionAtRest: ResourceValidationPolicy = {
  name: "encryption-at-rest",
  description:
    "Stored data (MSK, ElastiCache, RDS, EKS Secrets, ECR images, Secrets Manager, EMR disks and EMRFS) is " +
    "encrypted with the stack's customer-managed KMS key, and that key rotates.",
  severity: "high",
  validateResource: [
    validateResourceOfType(kms.Key, (key, _args, report) => {
      if (key.enableKeyRotation !== true)
        report("enableKeyRotation is not true: the key material would never change");
    }),
    validateResourceOfType(msk.Cluster, (cluster, _args, report) => {
      if (!cluster.encryptionInfo?.encryptionAtRestKmsKeyArn)
        report(`encryptionInfo.encryptionAtRestKmsKeyArn is not set: ${MANAGED_KEY}`);
    }),
    validateResourceOfType(elasticache.ReplicationGroup, (group, _args, report) => {
      if (group.atRestEncryptionEnabled !== true)
        report("atRestEncryptionEnabled is not true: snapshots and swap would be stored in clear");
      else if (!group.kmsKeyId) report(`kmsKeyId is not set: ${MANAGED_KEY}`);
    }),
    validateResourceOfType(rds.Instance, (instance, _args, report) => {
      if (instance.storageEncrypted !== true)
        report("storageEncrypted is not true: the database and its backups would be stored in clear");
      else if (!instance.kmsKeyId) report(`kmsKeyId is not set: ${MANAGED_KEY}`);
    }),
    validateResourceOfType(eks.Cluster, (cluster, _args, report) => {
      const config = cluster.encryptionConfig;
      if (!config?.resources.includes("secrets") || !config.provider.keyArn) {
        report(
          'encryptionConfig does not encrypt "secrets" with a KMS key: Kubernetes Secrets would sit in etcd ' +
            "with EKS's default encryption only",
        );
      }
    }),
    validateResourceOfType(ecr.Repository, (repository, _args, report) => {
      const config = repository.encryptionConfigurations?.[0];
      if (config?.encryptionType !== "KMS" || !config.kmsKey) {
        report(`encryptionConfigurations is not KMS with a kmsKey: ${MANAGED_KEY}`);
      }
    }),
    validateResourceOfType(secretsmanager.Secret, (secret, _args, report) => {
      if (!secret.kmsKeyId) report(`kmsKeyId is not set: ${MANAGED_KEY} (and MSK cannot read such a secret)`);
    }),
    validateResourceOfType(emr.Cluster, (cluster, _args, report) => {
      if (!cluster.securityConfiguration) {
        report(
          "no securityConfiguration: EMR's local disks and EMRFS writes would not be encrypted with the key",
        );
      }
    }),
    validateResourceOfType(emr.SecurityConfiguration, (config, _args, report) => {
      const gaps = emrAtRestGaps(config.configuration);
      if (gaps === "invalid") report("configuration is not valid JSON, so its encryption cannot be checked");
      else if (gaps.length > 0) report(`at-rest encryption incomplete: ${gaps.join("; ")}`);
    }),
  ],
};

export const encryptionPolicies = [encryptionAtRest];
