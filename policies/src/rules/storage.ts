import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import { configSchemaOf, configValues, stringParam } from "../lib/policy-config";

const PUBLIC_ACLS: ReadonlySet<string> = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GRANTEE = /\/(AllUsers|AuthenticatedUsers)$/;

export const bucketEncrypted: ResourceValidationPolicy = {
  name: "storage-bucket-encrypted",
  description: "Buckets encrypt new objects at rest with a KMS key by default.",
  severity: "high",
  validateResource: validateResourceOfType(yandex.StorageBucket, (bucket, _args, report) => {
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
};

/** Statements of a bucket policy that allow everyone ("*" principal). */
function publicStatements(policyJson: string): number | "invalid" {
  let parsed: unknown;
  try {
    parsed = JSON.parse(policyJson);
  } catch {
    return "invalid";
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  const isEveryone = (p: unknown): boolean =>
    p === "*" ||
    (typeof p === "object" && p !== null && Object.values(p).some((v) => v === "*" || isEveryone(v)));
  return list.filter(
    (s: { Effect?: unknown; Principal?: unknown }) => s.Effect === "Allow" && isEveryone(s.Principal),
  ).length;
}

export const noAnonymousAccess: ResourceValidationPolicy = {
  name: "storage-no-anonymous-access",
  description: "Buckets and objects are never readable, listable or writable without credentials.",
  severity: "critical",
  validateResource: [
    validateResourceOfType(yandex.StorageBucket, (bucket, _args, report) => {
      if (bucket.acl && PUBLIC_ACLS.has(bucket.acl))
        report(`bucket ACL "${bucket.acl}" opens the bucket to everyone`);
      (bucket.grants ?? []).forEach((g, i) => {
        if (g.uri && PUBLIC_GRANTEE.test(g.uri))
          report(`grants[${i}] gives ${g.permissions.join("/")} to ${g.uri}`);
      });
      const flags = bucket.anonymousAccessFlags;
      const open = (["read", "list", "configRead"] as const).filter((f) => flags?.[f] === true);
      if (open.length > 0) report(`anonymousAccessFlags allow anonymous ${open.join(", ")}`);
      if (bucket.policy) {
        const found = publicStatements(bucket.policy);
        if (found === "invalid")
          report("bucket policy is not valid JSON, so it cannot be checked for public access");
        else if (found > 0) report(`bucket policy has ${found} Allow statement(s) for principal "*"`);
      }
      if (bucket.website) report("static website hosting is enabled: it serves objects anonymously");
    }),
    validateResourceOfType(yandex.StorageObject, (object, _args, report) => {
      if (object.acl && PUBLIC_ACLS.has(object.acl)) report(`object ACL "${object.acl}" makes it public`);
    }),
  ],
};

const versioningConfig = {
  bucketPattern: stringParam(
    "Regular expression over the resource name and bucket name of the buckets that hold data and so must keep versions",
    "raw|clean|model",
  ),
};

export const modelBucketVersioned: ResourceValidationPolicy = {
  name: "storage-model-bucket-versioned",
  description:
    "Buckets that hold data (raw, clean, models) keep object versions: a model can be rolled back, and an " +
    "overwritten or deleted file recovered.",
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
};

export const storagePolicies = [bucketEncrypted, noAnonymousAccess, modelBucketVersioned];
