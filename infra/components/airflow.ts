import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as yandex from "../yandex";
import type { StackConfig } from "../config/schema";
import { AIRFLOW_VERSION } from "../config/versions";
import { cloudLabels, resourceName } from "../naming";
import type { DagFile } from "./airflow-dags/dag-files";
import {
  PIPELINE_SECRET_ENTRY,
  PIPELINE_SECRET_NAME,
  SIGNING_KEY_ENTRY,
  pipelineVariable,
  type PipelineLocations,
} from "./airflow-dags/pipeline-variable";
import type { S3Credentials } from "./storage";

/** The folder whose files become the cluster's DAGs (written by services/pipelines). */
export const DAGS_DIR = path.resolve(__dirname, "..", "..", "services", "pipelines", "dags");

/**
 * Roles the cluster's account gets on single resources (its folder role is in identity.ts):
 * - `dataproc.editor` on the Spark cluster: the DAGs create jobs there. The jobs run as the Data Processing
 *   cluster's own account, and Airflow creates no clusters, so `iam.serviceAccounts.user` is not needed.
 * - `lockbox.payloadViewer` on the pipeline secret: the Lockbox backend reads the Variable from it.
 * The Data Processing cluster's account (not Airflow's) gets `lockbox.payloadViewer` on the signing key
 * secret: the retrain's export job reads the key there, so it is never a file in a bucket or an argument.
 */
export const AIRFLOW_RESOURCE_ROLES = {
  dataprocCluster: "dataproc.editor",
  pipelineSecret: "lockbox.payloadViewer",
  signingKeySecret: "lockbox.payloadViewer",
} as const;

/** `PipelineLocations` with values known once the resources exist. */
export interface Locations {
  readonly dataprocClusterId: pulumi.Input<string>;
  readonly buckets: Readonly<Record<keyof PipelineLocations["buckets"], pulumi.Input<string>>>;
  readonly jobsUri: pulumi.Input<string>;
  readonly mlflowTrackingUri: pulumi.Input<string>;
  readonly sparkProperties: PipelineLocations["sparkProperties"];
}

export interface AirflowArgs {
  /** Stack name, used in names and labels. */
  readonly stack: string;
  readonly environment: "dev" | "prod";
  /** Folder whose default log group receives the cluster's logs. */
  readonly folderId: pulumi.Input<string>;
  /** Private data-tier subnets, one per zone. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  /** The cluster's own service account (folder role `managed-airflow.integrationProvider`). */
  readonly serviceAccountId: pulumi.Input<string>;
  /** Bindings the cluster needs before it starts: folder role, KMS key, DAG bucket. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Bucket the cluster syncs DAGs from (encrypted, private). */
  readonly dagBucket: pulumi.Input<string>;
  /** Keys that may write to `dagBucket`. */
  readonly credentials: S3Credentials;
  /** The files to upload, from `findDagFiles(DAGS_DIR)`. */
  readonly dagFiles: readonly DagFile[];
  /** KMS key that encrypts the Lockbox secret. */
  readonly kmsKeyId: pulumi.Input<string>;
  /**
   * The values of the `antifraud_pipeline` Variable: the Data Processing cluster the DAGs submit jobs to
   * (also granted to the account here), the buckets, the job files and MLflow.
   */
  readonly locations: Locations;
  /** The model signing key (PEM, secret) the retrain's export signs bundles with. */
  readonly modelSigningKeyPem: pulumi.Input<string>;
  /** The Data Processing cluster's service account: the only reader of the signing key secret. */
  readonly jobServiceAccountId: pulumi.Input<string>;
  readonly airflow: StackConfig["airflow"];
}

/**
 * Managed Airflow (version `AIRFLOW_VERSION`) on the private data subnets: DAGs synced from their own
 * bucket, one object per file with its content hash; the Lockbox secrets backend, with the pipelines'
 * settings in one secret; a generated admin password; sizes and the retraining schedule from config.
 */
export class Airflow extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** Password of the web UI's `admin` user (secret). */
  readonly adminPassword: pulumi.Output<string>;
  /** Id of the Lockbox secret holding the `antifraud_pipeline` Variable. */
  readonly pipelineSecretId: pulumi.Output<string>;

  constructor(name: string, args: AirflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:airflow:Airflow", name, { airflow: args.airflow }, opts);
    validate(name, args);
    const labels = cloudLabels(args.stack, "airflow");
    const dags = this.uploadDags(name, args, labels);
    const signingKey = this.signingKeySecret(name, args, labels);
    const secret = this.pipelineSecret(name, args, labels, signingKey.id);
    const grants = this.grantResourceRoles(name, args, secret.id);
    const password = this.generatePassword(name);
    const cluster = this.createCluster(name, args, labels, password, [
      ...dags,
      ...grants,
      secret.version,
      ...signingKey.resources,
    ]);
    this.clusterId = cluster.id;
    this.adminPassword = pulumi.secret(password.result);
    this.pipelineSecretId = secret.id;
    this.registerOutputs({ clusterId: this.clusterId, pipelineSecretId: this.pipelineSecretId });
  }

  /** `source_hash`: the provider does not read `source` to diff, so the hash is what changes. */
  private uploadDags(name: string, args: AirflowArgs, labels: Record<string, string>): pulumi.Resource[] {
    return args.dagFiles.map(
      (file) =>
        new yandex.StorageObject(
          `${name}-${file.key.replace(/[^A-Za-z0-9]+/g, "-")}`,
          {
            bucket: args.dagBucket,
            key: file.key,
            source: file.source,
            sourceHash: file.sha256,
            contentType: file.key.endsWith(".py") ? "text/x-python" : "text/plain",
            accessKey: args.credentials.accessKey,
            secretKey: args.credentials.secretKey,
            tags: labels,
          },
          { parent: this },
        ),
    );
  }

  /** The model signing key as a KMS-encrypted Lockbox secret only the Data Processing account reads. */
  private signingKeySecret(
    name: string,
    args: AirflowArgs,
    labels: Record<string, string>,
  ): { id: pulumi.Output<string>; resources: pulumi.Resource[] } {
    const secret = new yandex.LockboxSecret(
      `${name}-signing-key-secret`,
      {
        name: resourceName(args.stack, "model-signing-key"),
        description: "Private model signing key: the retrain's export signs bundle manifests with it",
        kmsKeyId: args.kmsKeyId,
        deletionProtection: args.environment === "prod",
        labels,
      },
      { parent: this },
    );
    const version = new yandex.LockboxSecretVersion(
      `${name}-signing-key-secret-version`,
      {
        secretId: secret.id,
        entries: [{ key: SIGNING_KEY_ENTRY, textValue: pulumi.secret(args.modelSigningKeyPem) }],
      },
      { parent: this },
    );
    const reader = new yandex.LockboxSecretIamBinding(
      `${name}-signing-key-reader`,
      {
        secretId: secret.id,
        role: AIRFLOW_RESOURCE_ROLES.signingKeySecret,
        members: [pulumi.interpolate`serviceAccount:${args.jobServiceAccountId}`],
      },
      { parent: this },
    );
    return { id: secret.id, resources: [version, reader] };
  }

  /** The Variable as the one entry of a KMS-encrypted Lockbox secret; the payload is a secret input. */
  private pipelineSecret(
    name: string,
    args: AirflowArgs,
    labels: Record<string, string>,
    signingKeySecretId: pulumi.Output<string>,
  ): { id: pulumi.Output<string>; version: pulumi.Resource } {
    const secret = new yandex.LockboxSecret(
      `${name}-pipeline-secret`,
      {
        name: PIPELINE_SECRET_NAME,
        description: "Airflow Variable antifraud_pipeline: where the pipelines read and write",
        kmsKeyId: args.kmsKeyId,
        deletionProtection: args.environment === "prod",
        labels,
      },
      { parent: this },
    );
    // output() unwraps the nested bucket names too.
    const payload = pulumi
      .output({ ...args.locations, signingKeySecretId })
      .apply((l: PipelineLocations) => JSON.stringify(pipelineVariable(l)));
    const version = new yandex.LockboxSecretVersion(
      `${name}-pipeline-secret-version`,
      { secretId: secret.id, entries: [{ key: PIPELINE_SECRET_ENTRY, textValue: pulumi.secret(payload) }] },
      { parent: this },
    );
    return { id: secret.id, version };
  }

  /** Authoritative per role on resources the program owns, so nobody else holds these roles there. */
  private grantResourceRoles(
    name: string,
    args: AirflowArgs,
    secretId: pulumi.Output<string>,
  ): pulumi.Resource[] {
    const members = [pulumi.interpolate`serviceAccount:${args.serviceAccountId}`];
    return [
      new yandex.DataprocClusterIamBinding(
        `${name}-dataproc-editor`,
        {
          clusterId: args.locations.dataprocClusterId,
          role: AIRFLOW_RESOURCE_ROLES.dataprocCluster,
          members,
        },
        { parent: this },
      ),
      new yandex.LockboxSecretIamBinding(
        `${name}-pipeline-secret-viewer`,
        { secretId, role: AIRFLOW_RESOURCE_ROLES.pipelineSecret, members },
        { parent: this },
      ),
    ];
  }

  /** The web UI's admin password: generated, kept only in the state (secret), never in config. */
  private generatePassword(name: string): random.RandomPassword {
    return new random.RandomPassword(
      `${name}-admin-password`,
      { length: 24, special: false, minUpper: 2, minLower: 2, minNumeric: 2 },
      { parent: this },
    );
  }

  private createCluster(
    name: string,
    args: AirflowArgs,
    labels: Record<string, string>,
    password: random.RandomPassword,
    after: pulumi.Resource[],
  ): yandex.AirflowCluster {
    const a = args.airflow;
    return new yandex.AirflowCluster(
      `${name}-cluster`,
      {
        name: resourceName(args.stack, "airflow"),
        airflowVersion: AIRFLOW_VERSION,
        serviceAccountId: args.serviceAccountId,
        subnetIds: args.subnetIds,
        securityGroupIds: [args.securityGroupId],
        adminPassword: pulumi.secret(password.result),
        codeSync: { s3: { bucket: args.dagBucket } },
        webserver: { count: a.webserver.count, resourcePresetId: a.webserver.preset },
        scheduler: { count: a.scheduler.count, resourcePresetId: a.scheduler.preset },
        worker: {
          minCount: a.worker.minCount,
          maxCount: a.worker.maxCount,
          resourcePresetId: a.worker.preset,
        },
        // The managed backend is configured by the service (the cluster's account, its folder); nothing
        // else in airflow_config is needed for it.
        lockboxSecretsBackend: { enabled: true },
        airflowConfig: { antifraud: { retrain_schedule: a.retrainSchedule } },
        logging: { enabled: true, folderId: args.folderId, minLevel: "INFO" },
        maintenanceWindow: { type: "WEEKLY", day: "SUN", hour: 5 },
        deletionProtection: args.environment === "prod",
        labels,
      },
      { parent: this, dependsOn: [...(args.dependsOn ?? []), ...after] },
    );
  }
}

function validate(name: string, args: AirflowArgs): void {
  if (args.airflow.worker.minCount > args.airflow.worker.maxCount)
    throw new Error(`${name}: worker minCount exceeds maxCount`);
  if (args.subnetIds.length === 0) throw new Error(`${name}: at least one subnet is required`);
  if (args.dagFiles.length === 0) throw new Error(`${name}: there are no DAG files to upload`);
}
