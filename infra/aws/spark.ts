import { readFileSync } from "node:fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FEATURE_SPEC_FILE, JOBS_PREFIX, SPARK_ENTRY_FILE, TRAINING_PACKAGE_DIR } from "../components/spark";
import { findTrainingJobs, jobUploads } from "../components/spark-jobs/job-files";
import { sparkJobProperties, type SparkJobProperties } from "../components/spark-jobs/job-properties";
import type { StackConfig } from "../config/schema";
import { resourceName } from "../naming";
import { policyDocument, serviceTrust } from "./policy-document";
import { instanceTypeForPreset } from "./sizes";
import { awsTags, EMR_MANAGED_TAG } from "./tags";

/** EMR 7.x ships Spark 3.5, the line the PySpark jobs are tested with locally. */
export const EMR_RELEASE = "emr-7.5.0";

export interface AwsSparkArgs {
  readonly stack: string;
  readonly environment: "dev" | "prod";
  readonly subnetId: pulumi.Input<string>;
  readonly securityGroupIds: {
    readonly master: pulumi.Input<string>;
    readonly workers: pulumi.Input<string>;
    readonly serviceAccess: pulumi.Input<string>;
  };
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The Spark bucket: job files under jobs/, logs under logs/. */
  readonly bucket: pulumi.Input<string>;
  /** ARNs of the buckets the jobs read and write (raw, clean, models, spark). */
  readonly dataBucketArns: pulumi.Input<string>[];
  readonly spark: StackConfig["spark"];
  /** Training package to upload; default services/training/antifraud_training. */
  readonly packageDir?: string;
}

/**
 * EMR running the same PySpark entry points as Data Processing: primary, core (the data subcluster, fixed)
 * and an autoscaled task group (managed scaling between the compute minHosts and maxHosts), in a private
 * subnet, with an at-rest encryption security configuration under the stack's key; the jobs uploaded to
 * the Spark bucket, logs next to them. The instance role may use those buckets and the key only.
 */
export class AwsSpark extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** `s3://` prefix of every uploaded job file. */
  readonly jobsUri: pulumi.Output<string>;
  readonly jobProperties: SparkJobProperties;

  constructor(name: string, args: AwsSparkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:Spark", name, { spark: args.spark }, opts);
    const s = args.spark;
    if (s.compute.minHosts > s.compute.maxHosts)
      throw new Error(`${name}: compute minHosts exceeds maxHosts`);
    const child = { parent: this };
    this.jobProperties = sparkJobProperties(s);
    const uploads = this.uploadJobs(name, args);
    const roles = this.roles(name, args);
    const security = new aws.emr.SecurityConfiguration(
      `${name}-security`,
      {
        name: resourceName(args.stack, "spark"),
        configuration: pulumi.jsonStringify({
          EncryptionConfiguration: {
            EnableInTransitEncryption: false,
            EnableAtRestEncryption: true,
            AtRestEncryptionConfiguration: {
              S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: args.kmsKeyArn },
              LocalDiskEncryptionConfiguration: {
                EncryptionKeyProviderType: "AwsKms",
                AwsKmsKey: args.kmsKeyArn,
                EnableEbsEncryption: true,
              },
            },
          },
        }),
      },
      child,
    );
    const group = (spec: { preset: string; diskGb: number }, instanceCount: number) => ({
      instanceType: instanceTypeForPreset("emr", spec.preset).type,
      instanceCount,
      ebsConfigs: [{ size: spec.diskGb, type: "gp3", volumesPerInstance: 1 }],
    });
    const cluster = new aws.emr.Cluster(
      `${name}-cluster`,
      {
        name: resourceName(args.stack, "spark"),
        releaseLabel: EMR_RELEASE,
        applications: ["Spark"],
        serviceRole: roles.service.arn,
        securityConfiguration: security.name,
        logUri: pulumi.interpolate`s3://${args.bucket}/logs/`,
        keepJobFlowAliveWhenNoSteps: true,
        terminationProtection: args.environment === "prod",
        ec2Attributes: {
          subnetId: args.subnetId,
          instanceProfile: roles.instanceProfile.arn,
          emrManagedMasterSecurityGroup: args.securityGroupIds.master,
          emrManagedSlaveSecurityGroup: args.securityGroupIds.workers,
          serviceAccessSecurityGroup: args.securityGroupIds.serviceAccess,
        },
        masterInstanceGroup: group(s.master, 1),
        coreInstanceGroup: group(s.data, s.data.hosts),
        tags: { ...awsTags(args.stack, "spark", resourceName(args.stack, "spark")), ...EMR_MANAGED_TAG },
      },
      { parent: this, dependsOn: [...uploads, roles.servicePolicy] },
    );
    new aws.emr.InstanceGroup(
      `${name}-task`,
      { clusterId: cluster.id, name: "task", ...group(s.compute, s.compute.minHosts) },
      child,
    );
    const always = 1 + s.data.hosts;
    new aws.emr.ManagedScalingPolicy(
      `${name}-scaling`,
      {
        clusterId: cluster.id,
        computeLimits: [
          {
            unitType: "Instances",
            minimumCapacityUnits: always + s.compute.minHosts,
            maximumCapacityUnits: always + s.compute.maxHosts,
            maximumCoreCapacityUnits: s.data.hosts,
            maximumOndemandCapacityUnits: always + s.compute.maxHosts,
          },
        ],
      },
      child,
    );
    this.clusterId = cluster.id;
    this.jobsUri = pulumi.interpolate`s3://${args.bucket}/${JOBS_PREFIX}`;
    this.registerOutputs({ clusterId: this.clusterId, jobsUri: this.jobsUri });
  }

  /** The same objects as on Yandex (jobUploads), files sent as their text. */
  private uploadJobs(name: string, args: AwsSparkArgs): aws.s3.BucketObjectv2[] {
    const jobs = findTrainingJobs(args.packageDir ?? TRAINING_PACKAGE_DIR);
    const files = { sparkEntry: SPARK_ENTRY_FILE, featureSpec: FEATURE_SPEC_FILE };
    return jobUploads(jobs, files, JOBS_PREFIX).map(
      (u) =>
        new aws.s3.BucketObjectv2(
          `${name}-${u.resourceSuffix}`,
          {
            bucket: args.bucket,
            key: u.key,
            contentType: u.contentType,
            ...("file" in u.content
              ? { content: readFileSync(u.content.file, "utf8") }
              : { contentBase64: u.content.base64 }),
            tags: awsTags(args.stack, "spark"),
          },
          { parent: this },
        ),
    );
  }

  private roles(name: string, args: AwsSparkArgs) {
    const child = { parent: this };
    const tags = awsTags(args.stack, "spark");
    const service = new aws.iam.Role(
      `${name}-service-role`,
      {
        name: resourceName(args.stack, "emr", "service"),
        assumeRolePolicy: serviceTrust("elasticmapreduce.amazonaws.com"),
        tags,
      },
      child,
    );
    const servicePolicy = new aws.iam.RolePolicyAttachment(
      `${name}-service-policy`,
      { role: service.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2" },
      child,
    );
    const instance = new aws.iam.Role(
      `${name}-instance-role`,
      {
        name: resourceName(args.stack, "emr", "instance"),
        assumeRolePolicy: serviceTrust("ec2.amazonaws.com"),
        tags,
      },
      child,
    );
    new aws.iam.RolePolicy(
      `${name}-instance-policy`,
      {
        role: instance.id,
        policy: policyDocument(
          {
            Sid: "ListBuckets",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: args.dataBucketArns,
          },
          {
            Sid: "ReadWriteObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: args.dataBucketArns.map((arn) => pulumi.interpolate`${arn}/*`),
          },
          {
            Sid: "UseStackKey",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: args.kmsKeyArn,
          },
        ),
      },
      child,
    );
    const instanceProfile = new aws.iam.InstanceProfile(
      `${name}-instance-profile`,
      { name: resourceName(args.stack, "emr", "instance"), role: instance.name, tags },
      child,
    );
    return { service, servicePolicy, instanceProfile };
  }
}
