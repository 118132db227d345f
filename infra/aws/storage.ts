import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { VERSIONED_BUCKETS, type StorageArgs } from "../components/storage";
import { resourceName } from "../naming";
import { policyDocument } from "./policy-document";
import { awsTags } from "./tags";

/** The buckets on AWS: Managed Airflow's DAG bucket has no counterpart here (no scheduler this round). */
export const AWS_BUCKET_PURPOSES = ["raw", "clean", "models", "spark"] as const;
export type AwsBucketPurpose = (typeof AWS_BUCKET_PURPOSES)[number];
const DATA_NONCURRENT_EXPIRE_DAYS = 7;
/** Raw files' cold tier: Glacier Instant Retrieval, since Standard-IA needs 30 days before a transition. */
export const RAW_COLD_STORAGE_CLASS = "GLACIER_IR";

/** The Yandex storage settings that carry over (no folder, service accounts or IAM bindings on AWS). */
export type AwsStorageArgs = Pick<
  StorageArgs,
  | "stack"
  | "kmsRotationPeriod"
  | "rawColdAfterDays"
  | "rawExpireAfterDays"
  | "cleanExpireAfterDays"
  | "modelNoncurrentExpireAfterDays"
  | "logExpireAfterDays"
  | "forceDestroy"
>;

/**
 * A customer-managed KMS key (rotated) and the buckets: each encrypted with the key by default (bucket
 * keys on), all public access blocked, ACLs disabled (bucket owner enforced), plain HTTP denied by the
 * bucket policy; versioning on raw, clean and models; lifecycle rules like the Yandex buckets'.
 */
export class AwsStorage extends pulumi.ComponentResource {
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly bucketNames: Record<AwsBucketPurpose, pulumi.Output<string>>;
  readonly bucketArns: Record<AwsBucketPurpose, pulumi.Output<string>>;

  constructor(name: string, args: AwsStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:Storage", name, { stack: args.stack, forceDestroy: args.forceDestroy }, opts);
    if (args.rawColdAfterDays >= args.rawExpireAfterDays) {
      throw new Error(`${name}: rawColdAfterDays must be below rawExpireAfterDays`);
    }
    const key = new aws.kms.Key(
      `${name}-kms`,
      {
        description: `${resourceName(args.stack, "storage")}: buckets, Kubernetes Secrets, MSK, ElastiCache, RDS`,
        enableKeyRotation: true,
        rotationPeriodInDays: Math.round(Number.parseInt(args.kmsRotationPeriod, 10) / 24),
        deletionWindowInDays: 30,
        tags: awsTags(args.stack, "storage", resourceName(args.stack, "kms")),
      },
      { parent: this },
    );
    new aws.kms.Alias(
      `${name}-kms-alias`,
      { name: `alias/${resourceName(args.stack, "storage")}`, targetKeyId: key.keyId },
      { parent: this },
    );
    this.kmsKeyArn = key.arn;
    this.bucketNames = {} as Record<AwsBucketPurpose, pulumi.Output<string>>;
    this.bucketArns = {} as Record<AwsBucketPurpose, pulumi.Output<string>>;
    for (const purpose of AWS_BUCKET_PURPOSES) {
      const bucket = this.bucket(name, args, purpose, key);
      this.bucketNames[purpose] = bucket.bucket;
      this.bucketArns[purpose] = bucket.arn;
    }
    this.registerOutputs({ bucketNames: this.bucketNames, kmsKeyArn: this.kmsKeyArn });
  }

  private bucket(
    name: string,
    args: AwsStorageArgs,
    purpose: AwsBucketPurpose,
    key: aws.kms.Key,
  ): aws.s3.Bucket {
    const id = `${name}-${purpose}`;
    const bucket = new aws.s3.Bucket(
      id,
      {
        // S3 names are global: the prefix plus Pulumi's random suffix keeps them unique.
        bucketPrefix: `${resourceName(args.stack, purpose)}-`,
        forceDestroy: args.forceDestroy,
        tags: awsTags(args.stack, "storage", resourceName(args.stack, purpose)),
      },
      { parent: this },
    );
    const child = { parent: this };
    new aws.s3.BucketOwnershipControls(
      id,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    new aws.s3.BucketPublicAccessBlock(
      id,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      id,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      child,
    );
    new aws.s3.BucketPolicy(
      id,
      {
        bucket: bucket.id,
        policy: policyDocument({
          Sid: "DenyPlainHttp",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "s3:*",
          Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      },
      child,
    );
    const versioned = VERSIONED_BUCKETS.has(purpose);
    if (versioned) {
      new aws.s3.BucketVersioning(
        id,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        child,
      );
    }
    new aws.s3.BucketLifecycleConfiguration(
      id,
      { bucket: bucket.id, rules: lifecycleRules(args, purpose) },
      child,
    );
    return bucket;
  }
}

type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

/** The same retention as the Yandex buckets: raw goes cold then expires; models keep superseded versions a while. */
export function lifecycleRules(args: AwsStorageArgs, purpose: AwsBucketPurpose): LifecycleRule[] {
  const all = { filter: { prefix: "" } };
  const noncurrent = (days: number) => ({ noncurrentVersionExpiration: { noncurrentDays: days } });
  switch (purpose) {
    case "raw":
      return [
        {
          id: "raw-cold-then-expire",
          status: "Enabled",
          ...all,
          transitions: [{ days: args.rawColdAfterDays, storageClass: RAW_COLD_STORAGE_CLASS }],
          expiration: { days: args.rawExpireAfterDays },
          ...noncurrent(DATA_NONCURRENT_EXPIRE_DAYS),
        },
      ];
    case "clean":
      return [
        {
          id: "clean-expire",
          status: "Enabled",
          ...all,
          expiration: { days: args.cleanExpireAfterDays },
          ...noncurrent(DATA_NONCURRENT_EXPIRE_DAYS),
        },
      ];
    case "models":
      return [
        {
          id: "models-noncurrent-expire",
          status: "Enabled",
          ...all,
          ...noncurrent(args.modelNoncurrentExpireAfterDays),
        },
      ];
    case "spark":
      return [
        {
          id: "spark-logs-expire",
          status: "Enabled",
          filter: { prefix: "logs/" },
          expiration: { days: args.logExpireAfterDays },
        },
      ];
  }
}
