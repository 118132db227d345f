import * as s3 from "@pulumi/aws/s3";
import type { EvaluatedResource } from "../../src/evaluate";
import { bucketEncrypted, modelBucketVersioned, noAnonymousAccess } from "../../src/rules/storage";
import { messagesOf } from "../helpers";
import type { Inputs } from "../stack-fixtures";
import { awsResource } from "./aws-fixtures";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/k1";
const bucket = (name: string, inputs: Record<string, unknown> = {}) =>
  awsResource(s3.Bucket, name, { bucketPrefix: `antifraud-dev-${name.split("-").pop()}-`, ...inputs });

/** A bucket with everything the program gives it: encryption, public access block, ownership, versioning. */
function securedBucket(name: string): EvaluatedResource[] {
  const b = bucket(name);
  const sub = (kind: object, inputs: Record<string, unknown>) =>
    awsResource(kind, name, { bucket: `${name}-id`, ...inputs }, [b]);
  return [
    b,
    sub(s3.BucketServerSideEncryptionConfiguration, {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
          bucketKeyEnabled: true,
        },
      ],
    }),
    sub(s3.BucketPublicAccessBlock, {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    sub(s3.BucketOwnershipControls, { rule: { objectOwnership: "BucketOwnerEnforced" } }),
    sub(s3.BucketVersioning, { versioningConfiguration: { status: "Enabled" } }),
  ];
}
const without = (resources: EvaluatedResource[], kind: object) =>
  resources.filter((r) => r.type !== (kind as { __pulumiType: string }).__pulumiType);
const edited = (resources: EvaluatedResource[], kind: object, change: (inputs: Inputs) => void) =>
  resources.map((r) => {
    if (r.type !== (kind as { __pulumiType: string }).__pulumiType) return r;
    const inputs = structuredClone(r.inputs) as Inputs;
    change(inputs);
    return { ...r, inputs };
  });

describe("storage-bucket-encrypted on S3", () => {
  const models = securedBucket("storage-models");
  const ENC = s3.BucketServerSideEncryptionConfiguration;
  it.each([
    ["a bucket with a KMS default", models, []],
    [
      "dual-layer KMS",
      edited(
        models,
        ENC,
        (c) => (c.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = "aws:kms:dsse"),
      ),
      [],
    ],
    [
      "a bucket without an encryption configuration",
      without(models, ENC),
      [
        "bucket has no BucketServerSideEncryptionConfiguration: objects would be encrypted with S3's own key, " +
          "not the stack's KMS key",
      ],
    ],
    [
      "SSE-S3",
      edited(
        models,
        ENC,
        (c) => (c.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" }),
      ),
      ['rules[0] uses sseAlgorithm "AES256"; use "aws:kms" with the stack\'s KMS key'],
    ],
    [
      "KMS with the AWS-managed key",
      edited(models, ENC, (c) => delete c.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId),
      [
        "rules[0] names no kmsMasterKeyId: S3 would use the AWS-managed aws/s3 key; point it at the stack's KMS key",
      ],
    ],
    [
      "a rule without a default",
      edited(models, ENC, (c) => (c.rules = [{ bucketKeyEnabled: true }])),
      [
        'no default encryption rule: set rules[0].applyServerSideEncryptionByDefault {sseAlgorithm: "aws:kms", kmsMasterKeyId}',
      ],
    ],
  ])("%s", async (_case, resources, expected) => {
    expect(await messagesOf(bucketEncrypted, resources)).toEqual(expected);
  });

  it("links a configuration to its own bucket only", async () => {
    const raw = securedBucket("storage-raw");
    const clean = without(securedBucket("storage-clean"), ENC);
    expect(await messagesOf(bucketEncrypted, [...raw, ...clean])).toEqual([
      "bucket has no BucketServerSideEncryptionConfiguration: objects would be encrypted with S3's own key, " +
        "not the stack's KMS key",
    ]);
  });
});

describe("storage-no-anonymous-access on S3", () => {
  const raw = securedBucket("storage-raw");
  it.each([
    ["a blocked, owner-enforced bucket", raw, []],
    [
      "no public access block",
      without(raw, s3.BucketPublicAccessBlock),
      ["bucket has no BucketPublicAccessBlock: a policy or ACL added later could make it public"],
    ],
    [
      "a block with two settings off",
      edited(raw, s3.BucketPublicAccessBlock, (b) => {
        b.blockPublicPolicy = false;
        delete b.restrictPublicBuckets;
      }),
      ["public access block leaves blockPublicPolicy, restrictPublicBuckets off; set all four to true"],
    ],
    [
      "ACLs enabled",
      edited(raw, s3.BucketOwnershipControls, (o) => (o.rule.objectOwnership = "ObjectWriter")),
      [
        'objectOwnership is "ObjectWriter": ACLs stay in effect and can grant public access; use "BucketOwnerEnforced"',
      ],
    ],
    [
      "a public-read inline ACL",
      edited(raw, s3.Bucket, (b) => (b.acl = "public-read")),
      ['bucket ACL "public-read" opens the bucket to everyone'],
    ],
    [
      "website hosting inline",
      edited(raw, s3.Bucket, (b) => (b.website = { indexDocument: "index.html" })),
      ["static website hosting is enabled: it serves objects anonymously"],
    ],
  ])("%s", async (_case, resources, expected) => {
    expect(await messagesOf(noAnonymousAccess, resources)).toEqual(expected);
  });

  const policy = (statement: Record<string, unknown> | string) =>
    awsResource(s3.BucketPolicy, "storage-raw", {
      bucket: "b",
      policy:
        typeof statement === "string"
          ? statement
          : JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
    });
  it.each([
    [
      "a TLS-only deny for everyone",
      policy({
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
      [],
    ],
    [
      "an allow for everyone",
      policy({
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::b/*",
      }),
      ['bucket policy has 1 Allow statement(s) for principal "*"'],
    ],
    [
      "an unreadable policy",
      policy("{"),
      ["bucket policy is not valid JSON, so it cannot be checked for public access"],
    ],
    [
      "a public bucket ACL resource",
      awsResource(s3.BucketAcl, "storage-raw", { bucket: "b", acl: "public-read-write" }),
      ['bucket ACL "public-read-write" opens the bucket to everyone'],
    ],
    [
      "a private bucket ACL resource",
      awsResource(s3.BucketAcl, "storage-raw", { bucket: "b", acl: "private" }),
      [],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(noAnonymousAccess, [r])).toEqual(expected);
  });
});

describe("storage-model-bucket-versioned on S3", () => {
  const MISSING =
    'bucket holds data but has no BucketVersioning: add one with versioningConfiguration.status "Enabled" so ' +
    "overwritten objects can be recovered";
  it.each([
    ["a versioned model bucket", securedBucket("storage-models"), []],
    [
      "a model bucket without versioning",
      without(securedBucket("storage-models"), s3.BucketVersioning),
      [MISSING],
    ],
    [
      "suspended versioning on the raw bucket",
      edited(
        securedBucket("storage-raw"),
        s3.BucketVersioning,
        (v) => (v.versioningConfiguration.status = "Suspended"),
      ),
      [
        'versioning is "Suspended" on a bucket that holds data: set versioningConfiguration.status "Enabled" so ' +
          "overwritten objects can be recovered",
      ],
    ],
    [
      "an unversioned spark bucket (job files and logs)",
      without(securedBucket("storage-spark"), s3.BucketVersioning),
      [],
    ],
    [
      "a data bucket recognised by its prefix alone",
      [bucket("storage-b3", { bucketPrefix: "antifraud-prod-clean-" })],
      [MISSING],
    ],
  ])("%s", async (_case, resources, expected) => {
    expect(await messagesOf(modelBucketVersioned, resources)).toEqual(expected);
  });
});
