import * as yandex from "@antifraud/infra/yandex";
import { bucketEncrypted, modelBucketVersioned, noAnonymousAccess } from "../../src/rules/storage";
import { messagesOf, resource, withChange } from "../helpers";

const BUCKET = yandex.StorageBucket.__pulumiType;
const goodBucket = {
  bucket: "antifraud-dev-models-b1g",
  anonymousAccessFlags: { read: false, list: false, configRead: false },
  serverSideEncryptionConfiguration: {
    rule: { applyServerSideEncryptionByDefault: { kmsMasterKeyId: "abj123", sseAlgorithm: "aws:kms" } },
  },
  versioning: { enabled: true },
};
type Bucket = typeof goodBucket & Record<string, unknown>;
const bucket = (change: (b: Bucket) => void, name = "storage-models") =>
  resource(BUCKET, name, withChange(goodBucket as Bucket, change));

describe("storage-bucket-encrypted", () => {
  it.each([
    ["a KMS-encrypted bucket", () => {}, []],
    [
      "no encryption block",
      (b: Bucket) => delete (b as Partial<Bucket>).serverSideEncryptionConfiguration,
      [
        'no default encryption: set serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault {sseAlgorithm: "aws:kms", kmsMasterKeyId}',
      ],
    ],
    [
      "another algorithm",
      (b: Bucket) =>
        (b.serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm = "AES256"),
      ['default encryption uses sseAlgorithm "AES256"; use "aws:kms" with a KMS key'],
    ],
    [
      "no key id",
      (b: Bucket) =>
        (b.serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.kmsMasterKeyId = ""),
      ["default encryption names no kmsMasterKeyId: point it at the stack's KMS key"],
    ],
  ])("%s", async (_case, change, expected) => {
    expect(await messagesOf(bucketEncrypted, [bucket(change)])).toEqual(expected);
  });

  it("ignores other resource types", async () => {
    expect(await messagesOf(bucketEncrypted, [resource(yandex.VpcNetwork.__pulumiType, "vpc", {})])).toEqual(
      [],
    );
  });
});

describe("storage-no-anonymous-access", () => {
  it.each([
    ["a private bucket", () => {}, []],
    [
      "public-read ACL",
      (b: Bucket) => (b.acl = "public-read"),
      ['bucket ACL "public-read" opens the bucket to everyone'],
    ],
    ["private ACL", (b: Bucket) => (b.acl = "private"), []],
    [
      "grant to AllUsers",
      (b: Bucket) =>
        (b.grants = [
          { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] },
        ]),
      ["grants[0] gives READ to http://acs.amazonaws.com/groups/global/AllUsers"],
    ],
    [
      "grant to a user",
      (b: Bucket) => (b.grants = [{ type: "CanonicalUser", id: "aje1", permissions: ["READ"] }]),
      [],
    ],
    [
      "anonymous read and list flags",
      (b: Bucket) => (b.anonymousAccessFlags = { read: true, list: true, configRead: false }),
      ["anonymousAccessFlags allow anonymous read, list"],
    ],
    [
      "policy allowing everyone",
      (b: Bucket) =>
        (b.policy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
          ],
        })),
      ['bucket policy has 1 Allow statement(s) for principal "*"'],
    ],
    [
      "policy allowing one account",
      (b: Bucket) =>
        (b.policy = JSON.stringify({
          Statement: { Effect: "Allow", Principal: { CanonicalUser: "aje1" }, Action: "*" },
        })),
      [],
    ],
    [
      "policy denying everyone",
      (b: Bucket) =>
        (b.policy = JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "*" }] })),
      [],
    ],
    [
      "unparsable policy",
      (b: Bucket) => (b.policy = "{"),
      ["bucket policy is not valid JSON, so it cannot be checked for public access"],
    ],
    [
      "website hosting",
      (b: Bucket) => (b.website = { indexDocument: "index.html" }),
      ["static website hosting is enabled: it serves objects anonymously"],
    ],
  ])("%s", async (_case, change, expected) => {
    expect(await messagesOf(noAnonymousAccess, [bucket(change)])).toEqual(expected);
  });

  it("flags public objects and accepts private ones", async () => {
    const object = (acl?: string) =>
      resource(yandex.StorageObject.__pulumiType, `obj-${acl}`, {
        bucket: "b",
        key: "k",
        ...(acl ? { acl } : {}),
      });
    expect(await messagesOf(noAnonymousAccess, [object("public-read"), object("private"), object()])).toEqual(
      ['object ACL "public-read" makes it public'],
    );
  });
});

const NEW_MESSAGE =
  "versioning is off on a bucket that holds data: set versioning.enabled = true so overwritten objects can be recovered";

describe("storage-model-bucket-versioned", () => {
  it.each([
    ["versioned model bucket", "storage-models", () => {}, []],
    [
      "unversioned model bucket",
      "storage-models",
      (b: Bucket) => (b.versioning = { enabled: false }),
      [
        "versioning is off on a bucket that holds data: set versioning.enabled = true so overwritten objects can be recovered",
      ],
    ],
    [
      "model bucket without a versioning block",
      "storage-models",
      (b: Bucket) => delete (b as Partial<Bucket>).versioning,
      [
        "versioning is off on a bucket that holds data: set versioning.enabled = true so overwritten objects can be recovered",
      ],
    ],
    [
      "unversioned raw bucket",
      "storage-raw",
      (b: Bucket) => {
        b.bucket = "antifraud-dev-raw-b1g";
        b.versioning = { enabled: false };
      },
      [NEW_MESSAGE],
    ],
    [
      "unversioned spark bucket (job files and logs, no data)",
      "storage-spark",
      (b: Bucket) => {
        b.bucket = "antifraud-dev-spark-b1g";
        b.versioning = { enabled: false };
      },
      [],
    ],
  ])("%s", async (_case, name, change, expected) => {
    expect(await messagesOf(modelBucketVersioned, [bucket(change, name)])).toEqual(expected);
  });

  it("follows the configured bucket pattern", async () => {
    const raw = bucket((b) => {
      b.bucket = "antifraud-dev-raw-b1g";
      b.versioning = { enabled: false };
    }, "storage-raw");
    expect(await messagesOf(modelBucketVersioned, [raw], { bucketPattern: "-raw-" })).toHaveLength(1);
  });
});
