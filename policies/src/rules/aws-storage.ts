/**
 * The storage rules' checks of S3. An S3 bucket's encryption, public access block and versioning are
 * resources of their own that name the bucket, so each rule checks those resources' settings and,
 * across the stack, that every bucket has them.
 */
import type { PolicyResource, ReportViolation, ResourceValidation } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as s3 from "@pulumi/aws/s3";
import { dependentsOf, type ResourceClass } from "./stack-links";
import { PUBLIC_ACLS, reportPublicInlineAccess, reportPublicPolicy } from "./storage-access";

/** sseAlgorithm values that encrypt with a KMS key (dual-layer included). */
const KMS_ALGORITHMS: ReadonlySet<string> = new Set(["aws:kms", "aws:kms:dsse"]);

export const s3EncryptionSettings: ResourceValidation = validateResourceOfType(
  s3.BucketServerSideEncryptionConfiguration,
  (config, _args, report) => {
    const rules = config.rules ?? [];
    const byDefault = rules.flatMap((r, i) =>
      r.applyServerSideEncryptionByDefault ? [{ i, d: r.applyServerSideEncryptionByDefault }] : [],
    );
    if (byDefault.length === 0) {
      report(
        "no default encryption rule: set rules[0].applyServerSideEncryptionByDefault " +
          '{sseAlgorithm: "aws:kms", kmsMasterKeyId}',
      );
    }
    for (const { i, d } of byDefault) {
      if (!KMS_ALGORITHMS.has(d.sseAlgorithm)) {
        report(`rules[${i}] uses sseAlgorithm "${d.sseAlgorithm}"; use "aws:kms" with the stack's KMS key`);
      } else if (!d.kmsMasterKeyId) {
        report(
          `rules[${i}] names no kmsMasterKeyId: S3 would use the AWS-managed aws/s3 key; point it at the stack's KMS key`,
        );
      }
    }
  },
);

/** Each S3 bucket of the stack that no resource of class `kind` names. */
function bucketsWithout(resources: readonly PolicyResource[], kind: ResourceClass) {
  return resources.filter((r) => r.isType(s3.Bucket) && dependentsOf(resources, r, kind).length === 0);
}

export function reportUnencryptedBuckets(
  resources: readonly PolicyResource[],
  report: ReportViolation,
): void {
  for (const bucket of bucketsWithout(resources, s3.BucketServerSideEncryptionConfiguration)) {
    report(
      "bucket has no BucketServerSideEncryptionConfiguration: objects would be encrypted with S3's own key, " +
        "not the stack's KMS key",
      bucket.urn,
    );
  }
}

const BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

export const s3PublicAccessSettings: ResourceValidation[] = [
  validateResourceOfType(s3.Bucket, (bucket, _args, report) => reportPublicInlineAccess(bucket, report)),
  validateResourceOfType(s3.BucketPublicAccessBlock, (block, _args, report) => {
    const off = BLOCK_FLAGS.filter((f) => block[f] !== true);
    if (off.length > 0) report(`public access block leaves ${off.join(", ")} off; set all four to true`);
  }),
  validateResourceOfType(s3.BucketPolicy, (policy, _args, report) =>
    reportPublicPolicy(policy.policy, "bucket policy", report),
  ),
  validateResourceOfType(s3.BucketAcl, (acl, _args, report) => {
    if (acl.acl && PUBLIC_ACLS.has(acl.acl)) report(`bucket ACL "${acl.acl}" opens the bucket to everyone`);
  }),
  validateResourceOfType(s3.BucketOwnershipControls, (controls, _args, report) => {
    const ownership = controls.rule?.objectOwnership;
    if (ownership !== "BucketOwnerEnforced") {
      report(
        `objectOwnership is "${ownership}": ACLs stay in effect and can grant public access; use "BucketOwnerEnforced"`,
      );
    }
  }),
];

export function reportUnblockedBuckets(resources: readonly PolicyResource[], report: ReportViolation): void {
  for (const bucket of bucketsWithout(resources, s3.BucketPublicAccessBlock)) {
    report(
      "bucket has no BucketPublicAccessBlock: a policy or ACL added later could make it public",
      bucket.urn,
    );
  }
}

/** Names a bucket goes by: its resource name and its bucket name or prefix. */
export function s3BucketNames(bucket: PolicyResource): string[] {
  const props = bucket.asType(s3.Bucket);
  return [bucket.name, props?.bucket, props?.bucketPrefix].filter((n): n is string => typeof n === "string");
}

export function reportUnversionedBuckets(
  resources: readonly PolicyResource[],
  holdsData: (names: readonly string[]) => boolean,
  report: ReportViolation,
): void {
  for (const bucket of resources.filter((r) => r.isType(s3.Bucket) && holdsData(s3BucketNames(r)))) {
    const statuses = dependentsOf(resources, bucket, s3.BucketVersioning).map(
      (v) => v.asType(s3.BucketVersioning)?.versioningConfiguration?.status,
    );
    if (statuses.length === 0) {
      report(
        'bucket holds data but has no BucketVersioning: add one with versioningConfiguration.status "Enabled" so ' +
          "overwritten objects can be recovered",
        bucket.urn,
      );
    } else if (!statuses.includes("Enabled")) {
      report(
        `versioning is "${statuses.join(", ")}" on a bucket that holds data: set versioningConfiguration.status ` +
          '"Enabled" so overwritten objects can be recovered',
        bucket.urn,
      );
    }
  }
}
