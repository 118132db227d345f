import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import { configSchemaOf, configValues, stringParam } from "../lib/policy-config";
import {
  reportUnblockedBuckets,
  reportUnencryptedBuckets,
  reportUnversionedBuckets,
  s3EncryptionSettings,
  s3PublicAccessSettings,
} from "./aws-storage";
import type { ResourceAndStackPolicy } from "./stack-links";
import { PUBLIC_ACLS, reportPublicInlineAccess } from "./storage-access";

export const bucketEncrypted: ResourceAndStackPolicy = {
  name: "storage-bucket-encrypted",
  description:
    "Buckets encrypt new objects at rest with a KMS key by default (on AWS: every bucket has a " +
    "BucketServerSideEncryptionConfiguration with aws:kms and the stack's key).",
  severity: "high",
  validateResource: [
    validateResourceOfType(yandex.StorageBucket, (bucket, _args, report) => {
      const byDefault = bucket.serverSideEncryptionConfiguration?.rule?.applyServerSideEncryptionByDefault;
      if (!byDefault) {
        report(
          "no default encryption: set serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault " +
            '{sseAlgorithm: "aws:kms", kmsMasterKeyId}',
        );
      } else if (byDefault.sseAlgorithm !== "aws:kms") {
        report(
          `default encryption uses sseAlgorithm "${byDefault.sseAlgorithm}"; use "aws:kms" with a KMS key`,
        );
      } else if (!byDefault.kmsMasterKeyId) {
        report("default encryption names no kmsMasterKeyId: point it at the stack's KMS key");
      }
    }),
    s3EncryptionSettings,
  ],
  validateStack: (args, report) => reportUnencryptedBuckets(args.resources, report),
};

export const noAnonymousAccess: ResourceAndStackPolicy = {
  name: "storage-no-anonymous-access",
  description:
    "Buckets and objects are never readable, listable or writable without credentials (on AWS: every bucket " +
    "has a BucketPublicAccessBlock with all four settings on, and ACLs are disabled).",
  severity: "critical",
  validateResource: [
    validateResourceOfType(yandex.StorageBucket, (bucket, _args, report) => {
      reportPublicInlineAccess({ acl: bucket.acl, grants: bucket.grants }, report);
      const flags = bucket.anonymousAccessFlags;
      const open = (["read", "list", "configRead"] as const).filter((f) => flags?.[f] === true);
      if (open.length > 0) report(`anonymousAccessFlags allow anonymous ${open.join(", ")}`);
      reportPublicInlineAccess({ policy: bucket.policy, website: bucket.website }, report);
    }),
    validateResourceOfType(yandex.StorageObject, (object, _args, report) => {
      if (object.acl && PUBLIC_ACLS.has(object.acl)) report(`object ACL "${object.acl}" makes it public`);
    }),
    ...s3PublicAccessSettings,
  ],
  validateStack: (args, report) => reportUnblockedBuckets(args.resources, report),
};

const versioningConfig = {
  bucketPattern: stringParam(
    "Regular expression over the resource name and bucket name of the buckets that hold data and so must keep versions",
    "raw|clean|model",
  ),
};

export const modelBucketVersioned: ResourceAndStackPolicy = {
  name: "storage-model-bucket-versioned",
  description:
    "Buckets that hold data (raw, clean, models) keep object versions: a model can be rolled back, and an " +
    "overwritten or deleted file recovered (on AWS: a BucketVersioning with status Enabled).",
  severity: "high",
  configSchema: configSchemaOf(versioningConfig),
  validateResource: validateResourceOfType(yandex.StorageBucket, (bucket, args, report) => {
    const pattern = new RegExp(configValues(versioningConfig, args).bucketPattern);
    const names = [args.name, bucket.bucket, bucket.bucketPrefix].filter(
      (n): n is string => typeof n === "string",
    );
    if (!names.some((n) => pattern.test(n))) args.notApplicable("not a bucket that must keep versions");
    if (bucket.versioning?.enabled !== true) {
      report(
        "versioning is off on a bucket that holds data: set versioning.enabled = true so overwritten objects can be recovered",
      );
    }
  }),
  validateStack: (args, report) => {
    const pattern = new RegExp(configValues(versioningConfig, args).bucketPattern);
    reportUnversionedBuckets(args.resources, (names) => names.some((n) => pattern.test(n)), report);
  },
};

export const storagePolicies = [bucketEncrypted, noAnonymousAccess, modelBucketVersioned];
