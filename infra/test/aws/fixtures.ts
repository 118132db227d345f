/** What the AWS program tests share: both stacks captured with antifraud:cloud = aws, resource type tokens. */
import * as aws from "@pulumi/aws";
import {
  captureStack,
  type CaptureResult,
  type CapturedResource,
  type StackName,
} from "../../testing/capture";
import { tokenOf } from "../helpers";

export const AWS = { "antifraud:cloud": "aws" };

export async function captureAws(): Promise<Record<StackName, CaptureResult>> {
  return { dev: await captureStack("dev", AWS), prod: await captureStack("prod", AWS) };
}

export const T = {
  subnet: tokenOf(aws.ec2.Subnet),
  nat: tokenOf(aws.ec2.NatGateway),
  assoc: tokenOf(aws.ec2.RouteTableAssociation),
  route: tokenOf(aws.ec2.RouteTable),
  endpoint: tokenOf(aws.ec2.VpcEndpoint),
  ingress: tokenOf(aws.vpc.SecurityGroupIngressRule),
  bucket: tokenOf(aws.s3.Bucket),
  sse: tokenOf(aws.s3.BucketServerSideEncryptionConfiguration),
  block: tokenOf(aws.s3.BucketPublicAccessBlock),
  versioning: tokenOf(aws.s3.BucketVersioning),
  lifecycle: tokenOf(aws.s3.BucketLifecycleConfiguration),
  bucketPolicy: tokenOf(aws.s3.BucketPolicy),
  kms: tokenOf(aws.kms.Key),
  msk: tokenOf(aws.msk.Cluster),
  mskConfig: tokenOf(aws.msk.Configuration),
  topic: tokenOf(aws.msk.Topic),
  secret: tokenOf(aws.secretsmanager.Secret),
  secretVersion: tokenOf(aws.secretsmanager.SecretVersion),
  redis: tokenOf(aws.elasticache.ReplicationGroup),
  rds: tokenOf(aws.rds.Instance),
  rdsParams: tokenOf(aws.rds.ParameterGroup),
  emr: tokenOf(aws.emr.Cluster),
  emrTask: tokenOf(aws.emr.InstanceGroup),
  emrScaling: tokenOf(aws.emr.ManagedScalingPolicy),
  eks: tokenOf(aws.eks.Cluster),
  nodes: tokenOf(aws.eks.NodeGroup),
  ecr: tokenOf(aws.ecr.Repository),
  role: tokenOf(aws.iam.Role),
  rolePolicy: tokenOf(aws.iam.RolePolicy),
  attachment: tokenOf(aws.iam.RolePolicyAttachment),
};
export const K8S = {
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  secret: "kubernetes:core/v1:Secret",
  service: "kubernetes:core/v1:Service",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
};
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const doc = (r: CapturedResource, key: string): Json => JSON.parse(r.inputs[key] as string) as Json;
