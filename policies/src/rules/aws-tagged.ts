/**
 * The AWS resource types labels-required reads `tags` on: the ones the program creates that carry
 * tags (the Yandex types come from the bindings' schema instead; @pulumi/aws ships none to read).
 * Security group rules, attachments and bucket sub-resources are left out: they are parts of the
 * tagged resource, not things a cost report or a cleanup would look for.
 */
import type { Resource } from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as ecr from "@pulumi/aws/ecr";
import * as eks from "@pulumi/aws/eks";
import * as elasticache from "@pulumi/aws/elasticache";
import * as emr from "@pulumi/aws/emr";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as msk from "@pulumi/aws/msk";
import * as rds from "@pulumi/aws/rds";
import * as s3 from "@pulumi/aws/s3";
import * as secretsmanager from "@pulumi/aws/secretsmanager";

/** Only classes whose args have `tags` type-check here, so the list cannot name an untaggable type. */
type Tagged<A> = "tags" extends keyof NonNullable<A> ? unknown : never;

function token<A>(kind: (new (name: string, args: A, ...rest: never[]) => Resource) & Tagged<A>): string {
  return (kind as unknown as { __pulumiType: string }).__pulumiType;
}

export const AWS_TAGGED_TYPES: readonly string[] = [
  token(ec2.Vpc),
  token(ec2.Subnet),
  token(ec2.SecurityGroup),
  token(ec2.InternetGateway),
  token(ec2.RouteTable),
  token(ec2.Eip),
  token(ec2.NatGateway),
  token(ec2.VpcEndpoint),
  token(kms.Key),
  token(s3.Bucket),
  token(s3.BucketObjectv2),
  token(msk.Cluster),
  token(secretsmanager.Secret),
  token(elasticache.ReplicationGroup),
  token(elasticache.SubnetGroup),
  token(rds.Instance),
  token(rds.SubnetGroup),
  token(rds.ParameterGroup),
  token(emr.Cluster),
  token(eks.Cluster),
  token(eks.NodeGroup),
  token(ecr.Repository),
  token(iam.Role),
  token(iam.InstanceProfile),
  token(iam.OpenIdConnectProvider),
];
