import * as ecr from "@pulumi/aws/ecr";
import * as eks from "@pulumi/aws/eks";
import * as elasticache from "@pulumi/aws/elasticache";
import * as emr from "@pulumi/aws/emr";
import * as kms from "@pulumi/aws/kms";
import * as msk from "@pulumi/aws/msk";
import * as rds from "@pulumi/aws/rds";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import { emrAtRestGaps, encryptionAtRest } from "../../src/rules/encryption-at-rest";
import { registryScanOnPush } from "../../src/rules/registry";
import { messagesOf } from "../helpers";
import { awsResource } from "./aws-fixtures";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/k1";
const MANAGED = "the AWS-managed key would be used; set the stack's KMS key";
const emrSecurity = (atRest: Record<string, unknown>, enabled = true) =>
  JSON.stringify({
    EncryptionConfiguration: { EnableAtRestEncryption: enabled, AtRestEncryptionConfiguration: atRest },
  });
const FULL_EMR = {
  S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: KEY },
  LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: KEY },
};

describe("encryption-at-rest", () => {
  it.each([
    ["a rotating key", awsResource(kms.Key, "storage-kms", { enableKeyRotation: true }), []],
    [
      "a key that never rotates",
      awsResource(kms.Key, "storage-kms", { enableKeyRotation: false }),
      ["enableKeyRotation is not true: the key material would never change"],
    ],
    [
      "MSK under the stack key",
      awsResource(msk.Cluster, "kafka", { encryptionInfo: { encryptionAtRestKmsKeyArn: KEY } }),
      [],
    ],
    [
      "MSK under the AWS-managed key",
      awsResource(msk.Cluster, "kafka", { encryptionInfo: {} }),
      [`encryptionInfo.encryptionAtRestKmsKeyArn is not set: ${MANAGED}`],
    ],
    [
      "ElastiCache under the stack key",
      awsResource(elasticache.ReplicationGroup, "redis", { atRestEncryptionEnabled: true, kmsKeyId: KEY }),
      [],
    ],
    [
      "ElastiCache unencrypted",
      awsResource(elasticache.ReplicationGroup, "redis", { atRestEncryptionEnabled: false }),
      ["atRestEncryptionEnabled is not true: snapshots and swap would be stored in clear"],
    ],
    [
      "ElastiCache under the AWS-managed key",
      awsResource(elasticache.ReplicationGroup, "redis", { atRestEncryptionEnabled: true }),
      [`kmsKeyId is not set: ${MANAGED}`],
    ],
    [
      "RDS unencrypted",
      awsResource(rds.Instance, "pg", { engine: "postgres", storageEncrypted: false, kmsKeyId: KEY }),
      ["storageEncrypted is not true: the database and its backups would be stored in clear"],
    ],
    [
      "RDS under the AWS-managed key",
      awsResource(rds.Instance, "pg", { engine: "postgres", storageEncrypted: true }),
      [`kmsKeyId is not set: ${MANAGED}`],
    ],
    [
      "EKS Secrets under the stack key",
      awsResource(eks.Cluster, "k8s", {
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } },
      }),
      [],
    ],
    [
      "EKS without Secrets encryption",
      awsResource(eks.Cluster, "k8s", {}),
      [
        'encryptionConfig does not encrypt "secrets" with a KMS key: Kubernetes Secrets would sit in etcd with ' +
          "EKS's default encryption only",
      ],
    ],
    [
      "ECR under the stack key",
      awsResource(ecr.Repository, "ecr", {
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
      }),
      [],
    ],
    [
      "ECR with AES256",
      awsResource(ecr.Repository, "ecr", { encryptionConfigurations: [{ encryptionType: "AES256" }] }),
      [`encryptionConfigurations is not KMS with a kmsKey: ${MANAGED}`],
    ],
    [
      "a secret under the stack key",
      awsResource(secretsmanager.Secret, "s", { name: "AmazonMSK_x", kmsKeyId: KEY }),
      [],
    ],
    [
      "a secret under the AWS-managed key",
      awsResource(secretsmanager.Secret, "s", { name: "AmazonMSK_x" }),
      [`kmsKeyId is not set: ${MANAGED} (and MSK cannot read such a secret)`],
    ],
    [
      "EMR without a security configuration",
      awsResource(emr.Cluster, "spark", { releaseLabel: "emr-7.5.0", serviceRole: "r" }),
      ["no securityConfiguration: EMR's local disks and EMRFS writes would not be encrypted with the key"],
    ],
    [
      "a complete EMR security configuration",
      awsResource(emr.SecurityConfiguration, "sec", { configuration: emrSecurity(FULL_EMR) }),
      [],
    ],
    [
      "EMR at-rest encryption off",
      awsResource(emr.SecurityConfiguration, "sec", { configuration: emrSecurity(FULL_EMR, false) }),
      ["at-rest encryption incomplete: EnableAtRestEncryption is not true"],
    ],
    [
      "EMR with SSE-S3 and unencrypted disks",
      awsResource(emr.SecurityConfiguration, "sec", {
        configuration: emrSecurity({ S3EncryptionConfiguration: { EncryptionMode: "SSE-S3" } }),
      }),
      [
        "at-rest encryption incomplete: EMRFS writes to S3 are not SSE-KMS with a key; local disks name no AwsKmsKey",
      ],
    ],
    [
      "an unreadable EMR security configuration",
      awsResource(emr.SecurityConfiguration, "sec", { configuration: "{" }),
      ["configuration is not valid JSON, so its encryption cannot be checked"],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(encryptionAtRest, [r])).toEqual(expected);
  });

  it("accepts client-side KMS encryption of EMRFS", () => {
    const cse = { ...FULL_EMR, S3EncryptionConfiguration: { EncryptionMode: "CSE-KMS", AwsKmsKey: KEY } };
    expect(emrAtRestGaps(emrSecurity(cse))).toEqual([]);
  });
});

describe("registry-scan-on-push", () => {
  it.each([
    ["scan on push", { imageScanningConfiguration: { scanOnPush: true } }, []],
    [
      "no scanning",
      { imageScanningConfiguration: { scanOnPush: false } },
      ["imageScanningConfiguration.scanOnPush is not true: pushed images would not be scanned"],
    ],
    [
      "the default (off)",
      {},
      ["imageScanningConfiguration.scanOnPush is not true: pushed images would not be scanned"],
    ],
  ])("%s", async (_case, inputs, expected) => {
    expect(
      await messagesOf(registryScanOnPush, [
        awsResource(ecr.Repository, "ecr-scoring", { name: "x", ...inputs }),
      ]),
    ).toEqual(expected);
  });
});
