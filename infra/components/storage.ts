import * as pulumi from "@pulumi/pulumi";
import * as yandex from "../yandex";
import { bucketName, cloudLabels, resourceName } from "../naming";

/** Buckets that hold data keep object versions (the spark bucket holds job files and logs). */
export const VERSIONED_BUCKETS: ReadonlySet<BucketPurpose> = new Set(["raw", "clean", "models"]);
/** Days a superseded version of raw or clean data is kept. */
const DATA_NONCURRENT_EXPIRE_DAYS = 7;

export const BUCKET_PURPOSES = ["raw", "clean", "models", "spark", "airflow"] as const;
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];

export interface StorageArgs {
  /** Stack name, used in names and labels. */
  readonly stack: string;
  /** Folder id, part of the globally unique bucket names. */
  readonly folderId: string;
  /** Service account whose static key manages buckets and objects. */
  readonly adminServiceAccountId: pulumi.Input<string>;
  /** Service account the scoring pods read storage as; gets its own static key. */
  readonly runtimeServiceAccountId: pulumi.Input<string>;
  /** Service account MLflow stores run artifacts as (granted on the models bucket); gets its own static key. */
  readonly mlflowServiceAccountId: pulumi.Input<string>;
  /** Role bindings that must exist before the keys are used. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Role -> IAM members bound on the KMS key (one authoritative binding per role). */
  readonly kmsKeyBindings: Readonly<Record<string, pulumi.Input<string>[]>>;
  /** Bucket -> role -> IAM members bound on that bucket (one authoritative binding per role). */
  readonly bucketBindings?: Readonly<
    Partial<Record<BucketPurpose, Readonly<Record<string, pulumi.Input<string>[]>>>>
  >;
  /** KMS key rotation period, e.g. "8760h". */
  readonly kmsRotationPeriod: string;
  /** Raw files move to the cold tier after this many days. */
  readonly rawColdAfterDays: number;
  /** Raw files are deleted after this many days. */
  readonly rawExpireAfterDays: number;
  /** Clean data and features are deleted after this many days. */
  readonly cleanExpireAfterDays: number;
  /** Superseded model versions are deleted after this many days. */
  readonly modelNoncurrentExpireAfterDays: number;
  /** Spark logs are deleted after this many days. */
  readonly logExpireAfterDays: number;
  /** Allow deleting non-empty buckets (dev only). */
  readonly forceDestroy: boolean;
}

/** Access key pair for the S3 API; both parts are secret outputs. */
export interface S3Credentials {
  readonly accessKey: pulumi.Output<string>;
  readonly secretKey: pulumi.Output<string>;
}

/**
 * KMS key and the buckets: raw data, clean data and features, model registry (versioned), Spark
 * logs and job files, Airflow's DAGs. Every bucket is encrypted with the KMS key and closed to
 * anonymous access; per-bucket IAM bindings grant single buckets to single workloads.
 */
export class Storage extends pulumi.ComponentResource {
  readonly kmsKeyId: pulumi.Output<string>;
  /** The key's IAM bindings; whatever encrypts or decrypts with the key depends on these. */
  readonly kmsKeyAccess: pulumi.Resource[];
  readonly bucketNames: Record<BucketPurpose, pulumi.Output<string>>;
  /** Keys the bindings use to manage buckets and objects. */
  readonly adminCredentials: S3Credentials;
  /** Keys the scoring pods use to read models and features. */
  readonly runtimeCredentials: S3Credentials;
  /** Keys the MLflow server uses for artifacts under `mlflow/` in the models bucket. */
  readonly mlflowCredentials: S3Credentials;
  /** Per-bucket IAM bindings; whatever a granted account does with the bucket depends on these. */
  readonly bucketAccess = {} as Record<BucketPurpose, pulumi.Resource[]>;

  constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:storage:Storage", name, { stack: args.stack, forceDestroy: args.forceDestroy }, opts);
    if (args.rawColdAfterDays >= args.rawExpireAfterDays) {
      throw new Error(`${name}: rawColdAfterDays must be below rawExpireAfterDays`);
    }
    if (Object.values(args.kmsKeyBindings).some((members) => members.length === 0)) {
      throw new Error(`${name}: every KMS key role needs at least one member`);
    }
    const labels = cloudLabels(args.stack, "storage");

    const key = new yandex.KmsSymmetricKey(
      `${name}-kms`,
      {
        name: resourceName(args.stack, "storage"),
        defaultAlgorithm: "AES_256",
        rotationPeriod: args.kmsRotationPeriod,
        labels,
      },
      { parent: this },
    );
    this.kmsKeyAccess = Object.entries(args.kmsKeyBindings).map(
      ([role, members]) =>
        new yandex.KmsSymmetricKeyIamBinding(
          `${name}-kms-${role}`,
          { symmetricKeyId: key.id, role, members },
          { parent: this },
        ),
    );
    const child = { parent: this, dependsOn: args.dependsOn };
    const staticKey = (who: string, serviceAccountId: pulumi.Input<string>): S3Credentials => {
      const k = new yandex.IamServiceAccountStaticAccessKey(
        `${name}-${who}-key`,
        { serviceAccountId, description: `antifraud ${args.stack} ${who} S3 access` },
        child,
      );
      return { accessKey: pulumi.secret(k.accessKey), secretKey: pulumi.secret(k.secretKey) };
    };
    this.adminCredentials = staticKey("admin", args.adminServiceAccountId);
    this.runtimeCredentials = staticKey("runtime", args.runtimeServiceAccountId);
    this.mlflowCredentials = staticKey("mlflow", args.mlflowServiceAccountId);

    const expire = (id: string, days: number, prefix?: string) => ({
      id,
      enabled: true,
      ...(prefix ? { filter: { prefix } } : {}),
      expiration: { days },
      abortIncompleteMultipartUploadDays: 1,
    });
    // Data buckets keep versions so an overwritten or deleted file can be recovered; superseded
    // versions of raw and clean data go after a week (they are re-derivable after that).
    const noncurrent = (id: string): yandex.StorageBucketLifecycleRuleArgs => ({
      id,
      enabled: true,
      noncurrentVersionExpiration: { days: DATA_NONCURRENT_EXPIRE_DAYS },
    });
    const lifecycle: Record<BucketPurpose, yandex.StorageBucketLifecycleRuleArgs[]> = {
      raw: [
        {
          ...expire("raw-expire", args.rawExpireAfterDays),
          transitions: [{ days: args.rawColdAfterDays, storageClass: "COLD" }],
        },
        noncurrent("raw-noncurrent"),
      ],
      clean: [expire("clean-expire", args.cleanExpireAfterDays), noncurrent("clean-noncurrent")],
      models: [
        {
          id: "models-noncurrent",
          enabled: true,
          noncurrentVersionExpiration: { days: args.modelNoncurrentExpireAfterDays },
          abortIncompleteMultipartUploadDays: 1,
        },
      ],
      spark: [expire("logs-expire", args.logExpireAfterDays, "logs/")],
      // DAG files are replaced by every deploy; nothing expires, only broken uploads are cleaned.
      airflow: [{ id: "airflow-abort-uploads", enabled: true, abortIncompleteMultipartUploadDays: 1 }],
    };

    const names = {} as Record<BucketPurpose, pulumi.Output<string>>;
    for (const purpose of BUCKET_PURPOSES) {
      const bucket = new yandex.StorageBucket(
        `${name}-${purpose}`,
        {
          bucket: bucketName(args.stack, purpose, args.folderId),
          accessKey: this.adminCredentials.accessKey,
          secretKey: this.adminCredentials.secretKey,
          anonymousAccessFlags: { read: false, list: false, configRead: false },
          serverSideEncryptionConfiguration: {
            rule: { applyServerSideEncryptionByDefault: { kmsMasterKeyId: key.id, sseAlgorithm: "aws:kms" } },
          },
          versioning: { enabled: VERSIONED_BUCKETS.has(purpose) },
          lifecycleRules: lifecycle[purpose],
          forceDestroy: args.forceDestroy,
          tags: labels,
        },
        // Writing to an encrypted bucket needs the key's role in place.
        { parent: this, dependsOn: [...(args.dependsOn ?? []), ...this.kmsKeyAccess] },
      );
      names[purpose] = bucket.bucket;
      this.bucketAccess[purpose] = Object.entries(args.bucketBindings?.[purpose] ?? {}).map(
        ([role, members]) =>
          new yandex.StorageBucketIamBinding(
            `${name}-${purpose}-${role}`,
            { bucket: bucket.bucket, role, members },
            { parent: this },
          ),
      );
    }
    this.kmsKeyId = key.id;
    this.bucketNames = names;
    this.registerOutputs({ kmsKeyId: this.kmsKeyId, bucketNames: names });
  }
}
