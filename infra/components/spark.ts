import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as yandex from "../yandex";
import type { StackConfig } from "../config/schema";
import { cloudLabels, resourceName } from "../naming";
import { sha256Of } from "./content-hash";
import type { S3Credentials } from "./storage";
import { findTrainingJobs, jobUploads } from "./spark-jobs/job-files";
import { sparkJobProperties, type SparkJobProperties } from "./spark-jobs/job-properties";

/** Where the program finds the PySpark package and the feature spec the jobs read. */
export const TRAINING_PACKAGE_DIR = path.resolve(
  __dirname,
  "..",
  "..",
  "services",
  "training",
  "src",
  "antifraud_training",
);
export const FEATURE_SPEC_FILE = path.resolve(
  __dirname,
  "..",
  "..",
  "services",
  "contracts",
  "features.json",
);
/** spark-submit's main file for every job and the whole pipeline: `spark_entry.py <job|pipeline> [args]`. */
export const SPARK_ENTRY_FILE = path.resolve(__dirname, "..", "..", "services", "training", "spark_entry.py");
export const JOBS_PREFIX = "jobs/";

export interface SparkArgs {
  /** Stack name, used in names and labels. */
  readonly stack: string;
  readonly environment: "dev" | "prod";
  /** Zone the cluster runs in (Data Processing clusters are zonal). */
  readonly zone: string;
  /** Spark-tier subnet in `zone`. */
  readonly subnetId: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  /** Service account of the cluster (agent + autoscaling provisioner roles). */
  readonly serviceAccountId: pulumi.Input<string>;
  /** Role bindings the cluster needs before it starts. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Bucket for logs and job files. */
  readonly bucket: pulumi.Input<string>;
  /** Keys that may write job files to `bucket`. */
  readonly credentials: S3Credentials;
  readonly spark: StackConfig["spark"];
  /** Directory of the PySpark package. Default: `services/training/src/antifraud_training`. */
  readonly packageDir?: string;
}

/**
 * Data Processing cluster (master, data and autoscaling compute subclusters, no public IPs) with
 * event and YARN logs in the bucket, and this repo's PySpark jobs uploaded next to them: each step's
 * `job.py` entry point, the whole package as a zip for `--py-files`, and the feature spec.
 */
export class Spark extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** `s3a://` URIs of the job entry points (`.../clean/job.py`, ...). */
  readonly jobUris: pulumi.Output<string[]>;
  /** `s3a://` URI of the zipped package to pass as `--py-files`. */
  readonly packageUri: pulumi.Output<string>;
  /** `s3a://` prefix of every uploaded job file (spark_entry.py, the package zip, the feature spec). */
  readonly jobsUri: pulumi.Output<string>;
  /** Spark properties for `yc dataproc job create-pyspark --properties`, sized from the subclusters. */
  readonly jobProperties: SparkJobProperties;

  constructor(name: string, args: SparkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:spark:Spark", name, { zone: args.zone, spark: args.spark }, opts);
    const s = args.spark;
    if (s.compute.minHosts > s.compute.maxHosts)
      throw new Error(`${name}: compute minHosts exceeds maxHosts`);
    const jobs = findTrainingJobs(args.packageDir ?? TRAINING_PACKAGE_DIR);
    this.jobProperties = sparkJobProperties(s);
    const objectOpts = { parent: this };
    const labels = cloudLabels(args.stack, "spark");
    // sourceHash: the provider does not look into a `source` file, so an edited file under the same
    // path is uploaded again only when this hash of its bytes changes.
    const uploaded = jobUploads(
      jobs,
      { sparkEntry: SPARK_ENTRY_FILE, featureSpec: FEATURE_SPEC_FILE },
      JOBS_PREFIX,
    ).map((u) => {
      const content = "file" in u.content ? { source: u.content.file } : { contentBase64: u.content.base64 };
      return new yandex.StorageObject(
        `${name}-${u.resourceSuffix}`,
        {
          bucket: args.bucket,
          key: u.key,
          contentType: u.contentType,
          accessKey: args.credentials.accessKey,
          secretKey: args.credentials.secretKey,
          ...content,
          sourceHash: sha256Of(content),
          tags: labels,
        },
        objectOpts,
      );
    });

    const logs = pulumi.interpolate`s3a://${args.bucket}/logs`;
    const subcluster = (
      role: string,
      spec: { preset: string; diskGb: number; diskType: string },
      hostsCount: number,
      autoscalingConfig?: yandex.DataprocClusterClusterConfigSubclusterSpecAutoscalingConfigArgs,
    ): yandex.DataprocClusterClusterConfigSubclusterSpecArgs => ({
      name: role.toLowerCase(),
      role,
      subnetId: args.subnetId,
      hostsCount,
      assignPublicIp: false,
      resources: { resourcePresetId: spec.preset, diskSize: spec.diskGb, diskTypeId: spec.diskType },
      ...(autoscalingConfig ? { autoscalingConfig } : {}),
    });
    const cluster = new yandex.DataprocCluster(
      `${name}-cluster`,
      {
        name: resourceName(args.stack, "spark"),
        environment: args.environment === "prod" ? "PRODUCTION" : "PRESTABLE",
        zoneId: args.zone,
        serviceAccountId: args.serviceAccountId,
        autoscalingServiceAccountId: args.serviceAccountId,
        bucket: args.bucket,
        securityGroupIds: [args.securityGroupId],
        uiProxy: false,
        deletionProtection: args.environment === "prod",
        labels,
        clusterConfig: {
          versionId: s.imageVersion,
          hadoop: {
            services: ["HDFS", "YARN", "SPARK"],
            properties: {
              "spark:spark.eventLog.enabled": "true",
              "spark:spark.eventLog.dir": pulumi.interpolate`${logs}/spark-events`,
              "spark:spark.history.fs.logDirectory": pulumi.interpolate`${logs}/spark-events`,
              "yarn:yarn.log-aggregation-enable": "true",
              "yarn:yarn.nodemanager.remote-app-log-dir": pulumi.interpolate`${logs}/yarn`,
            },
          },
          subclusterSpecs: [
            subcluster("MASTERNODE", s.master, 1),
            subcluster("DATANODE", s.data, s.data.hosts),
            subcluster("COMPUTENODE", s.compute, s.compute.minHosts, {
              maxHostsCount: s.compute.maxHosts,
              preemptible: s.compute.preemptible,
              cpuUtilizationTarget: String(s.compute.cpuUtilizationTarget),
              decommissionTimeout: "120",
            }),
          ],
        },
      },
      { parent: this, dependsOn: [...(args.dependsOn ?? []), ...uploaded] },
    );
    this.clusterId = cluster.id;
    this.jobUris = pulumi
      .output(args.bucket)
      .apply((b) => jobs.entryPoints.map((e) => `s3a://${b}/${JOBS_PREFIX}${e.key}`));
    this.packageUri = pulumi.interpolate`s3a://${args.bucket}/${JOBS_PREFIX}antifraud_training.zip`;
    this.jobsUri = pulumi.interpolate`s3a://${args.bucket}/${JOBS_PREFIX}`;
    this.registerOutputs({
      clusterId: this.clusterId,
      jobUris: this.jobUris,
      jobProperties: this.jobProperties,
    });
  }
}
