/**
 * The platform's roles on AWS: VPC, S3 + KMS, MSK, ElastiCache, EMR, RDS, EKS + ECR, and one IAM role per
 * workload (IRSA) in place of stored keys. No managed Airflow this round: the DAGs' runner has no EMR
 * mode yet, so the stack has no scheduler.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsKafka } from "../aws/kafka";
import { AwsKubernetes } from "../aws/kubernetes";
import { AwsNetwork, ELASTICACHE_PORT, MSK_SASL_SCRAM_PORT } from "../aws/network";
import { AwsPostgresql } from "../aws/postgresql";
import { AwsRedis } from "../aws/redis";
import { AwsSpark } from "../aws/spark";
import { AwsStorage } from "../aws/storage";
import { IRSA_ROLE_ANNOTATION, WorkloadRoles } from "../aws/workload-roles";
import { configuredZones } from "../aws/zones";
import { PLATFORM_NAMESPACE } from "../components/kubernetes";
import {
  MLFLOW_ARTIFACTS_PREFIX,
  MLFLOW_NAMESPACE,
  MLFLOW_NODE_PORT,
  MLFLOW_SERVICE_NAME,
} from "../components/mlflow-pod";
import { k8sName } from "../naming";
import type { LoadedConfig } from "../config";
import type { ClusterIntegration } from "../components/cluster-integration";
import type { CloudPlatform } from "./platform";

const firstZone = 0;

/** The in-tree AWS cloud provider: a Network Load Balancer, internal (VPC addresses only) unless asked otherwise. */
const NLB = { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" };
export const AWS_INTERNAL_LB_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";

export function awsPlatform({ stack, config: c, secrets }: LoadedConfig): CloudPlatform {
  const region = c.aws.region;
  const provider = new aws.Provider("aws", {
    region,
    defaultTags: { tags: { project: "antifraud", stack, "managed-by": "pulumi" } },
  });
  const opts = { providers: [provider] };
  const nodeZones = configuredZones(region, c.zones).map((z) => z.name);

  const network = new AwsNetwork(
    "network",
    {
      stack,
      environment: c.environment,
      region,
      zones: c.zones,
      vpcCidr: c.network.vpcCidr,
      subnetPrefixLength: c.network.subnetPrefixLength,
    },
    opts,
  );
  const storage = new AwsStorage("storage", { stack, ...c.storage }, opts);
  const kafka = new AwsKafka(
    "kafka",
    {
      stack,
      environment: c.environment,
      subnets: network.subnets.data,
      securityGroupId: network.securityGroupIds.kafka,
      kmsKeyArn: storage.kmsKeyArn,
      caPem: secrets.managedServicesCaPem,
      kafka: c.kafka,
    },
    opts,
  );
  const redis = new AwsRedis(
    "redis",
    {
      stack,
      environment: c.environment,
      subnets: network.subnets.data,
      nodeZones,
      securityGroupId: network.securityGroupIds.redis,
      kmsKeyArn: storage.kmsKeyArn,
      redis: c.redis,
    },
    opts,
  );
  const b = storage.bucketArns;
  const spark = new AwsSpark(
    "spark",
    {
      stack,
      environment: c.environment,
      subnetId: network.subnets.spark.ids[firstZone] as pulumi.Output<string>,
      securityGroupIds: {
        master: network.securityGroupIds.emrMaster,
        workers: network.securityGroupIds.emrWorkers,
        serviceAccess: network.securityGroupIds.emrServiceAccess,
      },
      kmsKeyArn: storage.kmsKeyArn,
      bucket: storage.bucketNames.spark,
      dataBucketArns: [b.raw, b.clean, b.models, b.spark],
      spark: c.spark,
    },
    opts,
  );
  const postgresql = new AwsPostgresql(
    "postgresql",
    {
      stack,
      environment: c.environment,
      subnets: network.subnets.data,
      securityGroupId: network.securityGroupIds.postgresql,
      kmsKeyArn: storage.kmsKeyArn,
      database: "mlflow",
      postgresql: c.mlflow.postgresql,
    },
    opts,
  );
  const pipelineCidrs = network.subnets.spark.cidrs;
  const kubernetes = new AwsKubernetes(
    "kubernetes",
    {
      stack,
      region,
      subnets: network.subnets.k8s,
      nodeZones,
      kmsKeyArn: storage.kmsKeyArn,
      serviceCidr: c.network.serviceCidr,
      adminCidrs: c.network.adminCidrs,
      nodePorts: [
        { what: "scoring", port: c.scoring.nodePort, cidrs: c.scoring.clientCidrs },
        { what: "grafana", port: c.monitoring.grafanaNodePort, cidrs: c.network.adminCidrs },
        { what: "mlflow", port: MLFLOW_NODE_PORT, cidrs: pipelineCidrs },
      ],
      kubernetes: c.kubernetes,
    },
    opts,
  );
  const roles = workloadRoles(stack, kubernetes, storage, opts);
  const role = (workload: string) => ({
    [IRSA_ROLE_ANNOTATION]: roles.roleArns[workload] as pulumi.Output<string>,
  });
  const integration: ClusterIntegration = {
    internalLoadBalancer: { ...NLB, [AWS_INTERNAL_LB_ANNOTATION]: "true" },
    publicLoadBalancer: NLB,
    objectStorage: {
      endpoint: `https://s3.${region}.amazonaws.com`,
      region,
      // The pods' role credentials come from STS's interface endpoint in the Kubernetes subnets.
      cidrs: [...c.aws.s3Cidrs, ...network.subnets.k8s.cidrs],
    },
  };

  return {
    cloud: "aws",
    network: {
      nodeCidrs: network.subnets.k8s.cidrs,
      dataCidrs: network.subnets.data.cidrs,
      pipelineCidrs,
    },
    storage: {
      bucketNames: storage.bucketNames,
      scoringAccess: {
        kind: "role",
        serviceAccountAnnotations: { serve: role("serve"), stream: role("stream") },
      },
      mlflowAccess: { kind: "role", serviceAccountAnnotations: role("mlflow") },
      mlflowGrants: [roles],
    },
    kafka: {
      bootstrapServers: kafka.bootstrapServers,
      userPasswords: kafka.userPasswords,
      port: MSK_SASL_SCRAM_PORT,
    },
    redis: { url: redis.url, ports: [ELASTICACHE_PORT] },
    spark,
    postgresql,
    kubernetes: {
      provider: kubernetes.provider,
      namespace: kubernetes.namespace,
      kubeconfig: kubernetes.kubeconfig,
      imageRepository: (image) => kubernetes.repositoryUrls[image],
      registryLogin: kubernetes.registryLogin,
      registryAccess: [],
      integration,
    },
  };
}

/** serve and stream read models and features; MLflow reads and writes its artifacts under mlflow/ only. */
function workloadRoles(
  stack: string,
  kubernetes: AwsKubernetes,
  storage: AwsStorage,
  opts: pulumi.ComponentResourceOptions,
): WorkloadRoles {
  const b = storage.bucketArns;
  const useKey = { Effect: "Allow" as const, Action: ["kms:Decrypt"], Resource: storage.kmsKeyArn };
  const scoring = (workload: "serve" | "stream") => ({
    namespace: PLATFORM_NAMESPACE,
    serviceAccount: k8sName("scoring", workload),
    statements: [
      {
        Sid: "ListModelsAndFeatures",
        Effect: "Allow" as const,
        Action: ["s3:ListBucket"],
        Resource: [b.models, b.clean],
      },
      {
        Sid: "ReadModelsAndFeatures",
        Effect: "Allow" as const,
        Action: ["s3:GetObject"],
        Resource: [pulumi.interpolate`${b.models}/*`, pulumi.interpolate`${b.clean}/features/*`],
      },
      { Sid: "DecryptObjects", ...useKey },
    ],
  });
  return new WorkloadRoles(
    "workload-roles",
    {
      stack,
      oidcProviderArn: kubernetes.oidcProviderArn,
      oidcIssuer: kubernetes.oidcIssuer,
      workloads: {
        serve: scoring("serve"),
        stream: scoring("stream"),
        mlflow: {
          namespace: MLFLOW_NAMESPACE,
          serviceAccount: MLFLOW_SERVICE_NAME,
          statements: [
            {
              Sid: "ListArtifacts",
              Effect: "Allow",
              Action: ["s3:ListBucket"],
              Resource: b.models,
              Condition: { StringLike: { "s3:prefix": `${MLFLOW_ARTIFACTS_PREFIX}/*` } },
            },
            {
              Sid: "ReadWriteArtifacts",
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
              Resource: pulumi.interpolate`${b.models}/${MLFLOW_ARTIFACTS_PREFIX}/*`,
            },
            {
              Sid: "EncryptArtifacts",
              Effect: "Allow",
              Action: ["kms:Decrypt", "kms:GenerateDataKey"],
              Resource: storage.kmsKeyArn,
            },
          ],
        },
      },
    },
    opts,
  );
}
