/**
 * The pack against the AWS program (antifraud:cloud=aws) under the mock engine: both stacks pass,
 * and deliberately broken variants are each caught by exactly the intended rule, with its exact
 * message, and by no other rule.
 */
import type { CostReport } from "@antifraud/infra/config";
import { AWS_PRICE_TABLE, estimateAwsMonthlyCost } from "@antifraud/infra/cost";
import type { CapturedResource } from "@antifraud/infra/testing";
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
import * as vpc from "@pulumi/aws/vpc";
import type { Violation } from "../src/evaluate";
import { evaluatePolicies } from "../src/evaluate";
import { K8S } from "../src/lib/kubernetes-types";
import type { PolicyPackConfigFile } from "../src/pack-config";
import { loadPackConfig } from "../src/pack-config";
import { awsCostInputsFromResources } from "../src/cost/aws-inputs-from-resources";
import { awsType } from "./rules/aws-fixtures";
import type { Inputs } from "./stack-fixtures";
import { captured, mutate, remove, stackSetting } from "./stack-fixtures";

const AWS = { "antifraud:cloud": "aws" };
const STACKS = ["dev", "prod"] as const;
type Stack = (typeof STACKS)[number];
const awsStack = (stack: Stack) => captured(stack, AWS);

/**
 * The stack's policy config plus the AWS budget (antifraud:aws.budget.monthlyLimit), which
 * config/<stack>.json does not carry yet.
 */
function awsConfig(stack: Stack): PolicyPackConfigFile {
  const config = loadPackConfig(stack);
  const cost = config["cost-within-budget"] as Record<string, unknown>;
  const budget = stackSetting<{ budget: { monthlyLimit: number } }>(stack, "antifraud:aws").budget
    .monthlyLimit;
  return { ...config, "cost-within-budget": { ...cost, awsMonthlyBudget: budget } };
}
const evaluate = (resources: readonly CapturedResource[], stack: Stack) =>
  evaluatePolicies(resources, { stack, config: awsConfig(stack) });

const T = {
  bucket: awsType(s3.Bucket),
  encryption: awsType(s3.BucketServerSideEncryptionConfiguration),
  accessBlock: awsType(s3.BucketPublicAccessBlock),
  ownership: awsType(s3.BucketOwnershipControls),
  versioning: awsType(s3.BucketVersioning),
  bucketPolicy: awsType(s3.BucketPolicy),
  key: awsType(kms.Key),
  subnet: awsType(ec2.Subnet),
  ingress: awsType(vpc.SecurityGroupIngressRule),
  kafka: awsType(msk.Cluster),
  kafkaConfig: awsType(msk.Configuration),
  topic: awsType(msk.Topic),
  secret: awsType(secretsmanager.Secret),
  redis: awsType(elasticache.ReplicationGroup),
  postgresql: awsType(rds.Instance),
  parameters: awsType(rds.ParameterGroup),
  scaling: awsType(emr.ManagedScalingPolicy),
  cluster: awsType(eks.Cluster),
  nodes: awsType(eks.NodeGroup),
  repository: awsType(ecr.Repository),
  role: awsType(iam.Role),
  rolePolicy: awsType(iam.RolePolicy),
  attachment: awsType(iam.RolePolicyAttachment),
};

type Edit = (resources: readonly CapturedResource[]) => CapturedResource[];
/** Edits one statement of a JSON policy input (`policy`, `assumeRolePolicy`). */
const statement =
  (type: string, name: string, field: string, index: number, change: (s: Inputs) => void): Edit =>
  (rs) =>
    mutate(rs, type, name, (r) => {
      const document = JSON.parse(r[field] as string) as { Statement: Inputs[] };
      change(document.Statement[index] as Inputs);
      r[field] = JSON.stringify(document);
    });

interface Variant {
  readonly title: string;
  readonly stack: Stack;
  readonly edit: Edit;
  /** [policy, resource name, message] */
  readonly expected: ReadonlyArray<readonly [string, string | undefined, string]>;
}

const NO_PUBLIC_PORT = "no port may be public";
const MANAGED_KEY = "the AWS-managed key would be used; set the stack's KMS key";

const variants: Variant[] = [
  {
    title: "raw bucket without its encryption configuration",
    stack: "prod",
    edit: (rs) => remove(rs, T.encryption, "storage-raw"),
    expected: [
      [
        "storage-bucket-encrypted",
        "storage-raw",
        "bucket has no BucketServerSideEncryptionConfiguration: objects would be encrypted with S3's own key, " +
          "not the stack's KMS key",
      ],
    ],
  },
  {
    title: "clean bucket encrypted with S3's own key (SSE-S3)",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.encryption, "storage-clean", (c) => {
        c.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" };
      }),
    expected: [
      [
        "storage-bucket-encrypted",
        "storage-clean",
        'rules[0] uses sseAlgorithm "AES256"; use "aws:kms" with the stack\'s KMS key',
      ],
    ],
  },
  {
    title: "model bucket's public access block lets public policies through",
    stack: "prod",
    edit: (rs) => mutate(rs, T.accessBlock, "storage-models", (b) => (b.blockPublicPolicy = false)),
    expected: [
      [
        "storage-no-anonymous-access",
        "storage-models",
        "public access block leaves blockPublicPolicy off; set all four to true",
      ],
    ],
  },
  {
    title: "spark bucket without a public access block",
    stack: "prod",
    edit: (rs) => remove(rs, T.accessBlock, "storage-spark"),
    expected: [
      [
        "storage-no-anonymous-access",
        "storage-spark",
        "bucket has no BucketPublicAccessBlock: a policy or ACL added later could make it public",
      ],
    ],
  },
  {
    title: "raw bucket policy allowing anyone to read",
    stack: "prod",
    edit: statement(T.bucketPolicy, "storage-raw", "policy", 0, (s) => {
      s.Effect = "Allow";
      s.Action = "s3:GetObject";
      delete s.Condition;
    }),
    expected: [
      [
        "storage-no-anonymous-access",
        "storage-raw",
        'bucket policy has 1 Allow statement(s) for principal "*"',
      ],
    ],
  },
  {
    title: "clean bucket with ACLs enabled again",
    stack: "prod",
    edit: (rs) => mutate(rs, T.ownership, "storage-clean", (o) => (o.rule.objectOwnership = "ObjectWriter")),
    expected: [
      [
        "storage-no-anonymous-access",
        "storage-clean",
        'objectOwnership is "ObjectWriter": ACLs stay in effect and can grant public access; use "BucketOwnerEnforced"',
      ],
    ],
  },
  {
    title: "model bucket without versioning",
    stack: "prod",
    edit: (rs) => remove(rs, T.versioning, "storage-models"),
    expected: [
      [
        "storage-model-bucket-versioned",
        "storage-models",
        'bucket holds data but has no BucketVersioning: add one with versioningConfiguration.status "Enabled" ' +
          "so overwritten objects can be recovered",
      ],
    ],
  },
  {
    title: "raw bucket with versioning suspended (dev, advisory)",
    stack: "dev",
    edit: (rs) =>
      mutate(rs, T.versioning, "storage-raw", (v) => (v.versioningConfiguration.status = "Suspended")),
    expected: [
      [
        "storage-model-bucket-versioned",
        "storage-raw",
        'versioning is "Suspended" on a bucket that holds data: set versioningConfiguration.status "Enabled" so ' +
          "overwritten objects can be recovered",
      ],
    ],
  },
  {
    title: "PostgreSQL security group open to the world",
    stack: "prod",
    edit: (rs) => mutate(rs, T.ingress, "network-sg-postgresql-in-0", (r) => (r.cidrIpv4 = "0.0.0.0/0")),
    expected: [
      [
        "network-no-public-ingress",
        "network-sg-postgresql-in-0",
        `ingress rule (TCP 5432) is open to the world (0.0.0.0/0); ${NO_PUBLIC_PORT}`,
      ],
    ],
  },
  {
    title: "Grafana's node port open to all of IPv6",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.ingress, "kubernetes-nodeport-grafana-0", (r) => {
        delete r.cidrIpv4;
        r.cidrIpv6 = "::/0";
      }),
    expected: [
      [
        "network-no-public-ingress",
        "kubernetes-nodeport-grafana-0",
        `ingress rule (TCP 30300) is open to the world (::/0); ${NO_PUBLIC_PORT}`,
      ],
    ],
  },
  {
    title: "node group with SSH from anywhere",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.nodes, "kubernetes-nodes-eu-central-1b", (n) => (n.remoteAccess = { ec2SshKey: "ops" })),
    expected: [
      [
        "network-no-public-ingress",
        "kubernetes-nodes-eu-central-1b",
        `remoteAccess without sourceSecurityGroupIds (TCP 22) is open to the world (0.0.0.0/0); ${NO_PUBLIC_PORT}`,
      ],
    ],
  },
  {
    title: "MSK brokers with public addresses",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.kafka, "kafka-cluster", (k) => {
        k.brokerNodeGroupInfo.connectivityInfo.publicAccess.type = "SERVICE_PROVIDED_EIPS";
      }),
    expected: [
      [
        "kafka-no-public-access",
        "kafka-cluster",
        'brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "SERVICE_PROVIDED_EIPS": brokers would be ' +
          'reachable from the internet; set it to "DISABLED"',
      ],
    ],
  },
  {
    title: "MSK accepting unauthenticated clients",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.kafka, "kafka-cluster", (k) => (k.clientAuthentication.unauthenticated = true)),
    expected: [
      [
        "kafka-per-role-users",
        "kafka-cluster",
        "clientAuthentication.unauthenticated is true: any client in the VPC could read and write every topic; " +
          "set it to false",
      ],
    ],
  },
  {
    title: "MSK topics without ACLs open to every user",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.kafkaConfig, "kafka-config", (c) => {
        c.serverProperties = (c.serverProperties as string).replace(
          "allow.everyone.if.no.acl.found=false",
          "allow.everyone.if.no.acl.found=true",
        );
      }),
    expected: [
      [
        "kafka-per-role-users",
        "kafka-config",
        "serverProperties set allow.everyone.if.no.acl.found to true: a topic without ACLs would be open to " +
          "every user; set it to false",
      ],
    ],
  },
  {
    title: "MSK clients allowed in plaintext",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.kafka, "kafka-cluster", (k) => {
        k.encryptionInfo.encryptionInTransit.clientBroker = "TLS_PLAINTEXT";
      }),
    expected: [
      [
        "kafka-tls",
        "kafka-cluster",
        'encryptionInfo.encryptionInTransit.clientBroker is "TLS_PLAINTEXT": clients could connect in clear; set "TLS"',
      ],
    ],
  },
  {
    title: "unreplicated scores topic on MSK",
    stack: "prod",
    edit: (rs) => mutate(rs, T.topic, "kafka-topic-scores", (t) => (t.replicationFactor = 1)),
    expected: [
      [
        "kafka-replication",
        "kafka-topic-scores",
        'topic "scores" has replicationFactor 1; at least 3 required',
      ],
    ],
  },
  {
    title: "ElastiCache without transit encryption",
    stack: "prod",
    edit: (rs) => mutate(rs, T.redis, "redis-cluster", (r) => (r.transitEncryptionEnabled = false)),
    expected: [
      [
        "redis-tls",
        "redis-cluster",
        "transitEncryptionEnabled is not true: feature values and the auth token would cross the network in clear",
      ],
    ],
  },
  {
    title: "ElastiCache without at-rest encryption",
    stack: "prod",
    edit: (rs) => mutate(rs, T.redis, "redis-cluster", (r) => (r.atRestEncryptionEnabled = false)),
    expected: [
      [
        "encryption-at-rest",
        "redis-cluster",
        "atRestEncryptionEnabled is not true: snapshots and swap would be stored in clear",
      ],
    ],
  },
  {
    title: "RDS instance with a public address",
    stack: "prod",
    edit: (rs) => mutate(rs, T.postgresql, "postgresql-instance", (p) => (p.publiclyAccessible = true)),
    expected: [
      [
        "postgresql-private",
        "postgresql-instance",
        "publiclyAccessible is true: the instance would get a public address; keep PostgreSQL private",
      ],
    ],
  },
  {
    title: "RDS in prod without a standby",
    stack: "prod",
    edit: (rs) => mutate(rs, T.postgresql, "postgresql-instance", (p) => (p.multiAz = false)),
    expected: [
      [
        "postgresql-high-availability",
        "postgresql-instance",
        "multiAz is not true: a single instance has no standby; at least 2 hosts required",
      ],
    ],
  },
  {
    title: "RDS parameter group accepting clear connections",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.parameters, "postgresql-parameters", (g) => {
        g.parameters = [{ name: "rds.force_ssl", value: "0" }];
      }),
    expected: [
      [
        "postgresql-client-tls",
        "postgresql-parameters",
        "rds.force_ssl is 0: the server would accept connections without TLS; set it to 1",
      ],
    ],
  },
  {
    title: "EMR's subnet mapping public IPs",
    stack: "prod",
    edit: (rs) => mutate(rs, T.subnet, "network-spark-eu-central-1a", (s) => (s.mapPublicIpOnLaunch = true)),
    expected: [
      [
        "spark-no-public-ip",
        "spark-cluster",
        'subnet "network-spark-eu-central-1a" maps public IPs on launch: EMR nodes would get public addresses; ' +
          "use a private subnet",
      ],
    ],
  },
  {
    // A ceiling past 12 instances would break the budget too; counting vCPUs hides the ceiling instead.
    title: "EMR managed scaling counted in vCPUs",
    stack: "prod",
    edit: (rs) => mutate(rs, T.scaling, "spark-scaling", (p) => (p.computeLimits[0].unitType = "VCPU")),
    expected: [
      [
        "spark-bounded-autoscaling",
        "spark-scaling",
        'computeLimits[0] counts VCPU; count "Instances" so the ceiling of 12 hosts applies',
      ],
    ],
  },
  {
    title: "EMR managed scaling past its ceiling (and so past the budget)",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.scaling, "spark-scaling", (p) => (p.computeLimits[0].maximumCapacityUnits = 13)),
    expected: [
      [
        "spark-bounded-autoscaling",
        "spark-scaling",
        "computeLimits[0] lets the cluster scale to 13 instances; the ceiling is 12",
      ],
      [
        "cost-within-budget",
        undefined,
        expect.stringMatching(
          /^estimated monthly cost [\d,.]+ USD at maximum autoscaling \([\d,.]+ at minimum\) exceeds the budget of 8,000 USD$/,
        ),
      ],
    ],
  },
  {
    title: "prod EKS API on a public endpoint",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.cluster, "kubernetes-cluster", (c) => {
        c.vpcConfig.endpointPublicAccess = true;
        c.vpcConfig.publicAccessCidrs = ["203.0.113.0/24"];
      }),
    expected: [
      [
        "k8s-private-api",
        "kubernetes-cluster",
        "vpcConfig.endpointPublicAccess is not false: the Kubernetes API would be reachable from the internet; " +
          "set it to false",
      ],
    ],
  },
  {
    title: "dev EKS API public to the world (dev allows a public API for the admin networks only)",
    stack: "dev",
    edit: (rs) =>
      mutate(rs, T.cluster, "kubernetes-cluster", (c) => (c.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"])),
    expected: [
      [
        "k8s-private-api",
        "kubernetes-cluster",
        "vpcConfig.publicAccessCidrs admit the world (0.0.0.0/0); list the admin networks",
      ],
    ],
  },
  {
    title: "EKS Secrets without envelope encryption",
    stack: "prod",
    edit: (rs) => mutate(rs, T.cluster, "kubernetes-cluster", (c) => delete c.encryptionConfig),
    expected: [
      [
        "encryption-at-rest",
        "kubernetes-cluster",
        'encryptionConfig does not encrypt "secrets" with a KMS key: Kubernetes Secrets would sit in etcd with ' +
          "EKS's default encryption only",
      ],
    ],
  },
  {
    title: "stack key without rotation",
    stack: "prod",
    edit: (rs) => mutate(rs, T.key, "storage-kms", (k) => (k.enableKeyRotation = false)),
    expected: [
      [
        "encryption-at-rest",
        "storage-kms",
        "enableKeyRotation is not true: the key material would never change",
      ],
    ],
  },
  {
    title: "SCRAM secret under the AWS-managed key",
    stack: "prod",
    edit: (rs) => mutate(rs, T.secret, "kafka-ingest-scram", (s) => delete s.kmsKeyId),
    expected: [
      [
        "encryption-at-rest",
        "kafka-ingest-scram",
        `kmsKeyId is not set: ${MANAGED_KEY} (and MSK cannot read such a secret)`,
      ],
    ],
  },
  {
    title: "serve role allowed every S3 action",
    stack: "prod",
    edit: statement(T.rolePolicy, "workload-roles-serve", "policy", 1, (s) => (s.Action = ["s3:*"])),
    expected: [
      [
        "iam-least-privilege",
        "workload-roles-serve",
        "statement 1 (ReadModelsAndFeatures) allows s3:*: list the actions the role calls",
      ],
    ],
  },
  {
    title: "stream role trusting every service account of the cluster",
    stack: "prod",
    edit: statement(T.role, "workload-roles-stream", "assumeRolePolicy", 0, (s) => delete s.Condition),
    expected: [
      [
        "iam-least-privilege",
        "workload-roles-stream",
        "assumeRolePolicy statement 0 trusts the cluster's OIDC provider without a StringEquals condition on " +
          "<issuer>:sub: every service account in the cluster could assume the role",
      ],
    ],
  },
  {
    title: "nodes given full ECR access",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.attachment, "kubernetes-nodes-AmazonEC2ContainerRegistryReadOnly", (a) => {
        a.policyArn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess";
      }),
    expected: [
      [
        "iam-least-privilege",
        "kubernetes-nodes-AmazonEC2ContainerRegistryReadOnly",
        "managed policy AmazonEC2ContainerRegistryFullAccess grants a whole service or more; grant the actions needed",
      ],
    ],
  },
  {
    title: "Spark instances reading and writing every bucket of the account",
    stack: "prod",
    edit: statement(T.rolePolicy, "spark-instance-policy", "policy", 1, (s) => (s.Resource = "*")),
    expected: [
      [
        "iam-no-folder-wide-data-roles",
        "spark-instance-policy",
        'statement 1 (ReadWriteObjects) grants s3:GetObject, s3:PutObject, s3:DeleteObject on every resource ("*"); ' +
          "name the buckets, keys or secrets it needs",
      ],
    ],
  },
  {
    title: "ECR repository without scan on push",
    stack: "prod",
    edit: (rs) =>
      mutate(
        rs,
        T.repository,
        "kubernetes-ecr-scoring",
        (r) => (r.imageScanningConfiguration.scanOnPush = false),
      ),
    expected: [
      [
        "registry-scan-on-push",
        "kubernetes-ecr-scoring",
        "imageScanningConfiguration.scanOnPush is not true: pushed images would not be scanned",
      ],
    ],
  },
  {
    title: "MSK cluster without an owner tag",
    stack: "prod",
    edit: (rs) => mutate(rs, T.kafka, "kafka-cluster", (k) => delete k.tags.owner),
    expected: [["labels-required", "kafka-cluster", 'tags lacks "owner"']],
  },
  {
    title: "MLflow's internal NLB made internet-facing",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.service, "mlflow-internal-service", (s) => {
        delete s.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"];
      }),
    expected: [
      [
        "network-public-services",
        "mlflow-internal-service",
        'Service "mlflow-internal" of type LoadBalancer exposes a workload that must stay internal: use ClusterIP',
      ],
      [
        "mlflow-private",
        "mlflow-internal-service",
        'Service "mlflow-internal" of type LoadBalancer without service.beta.kubernetes.io/aws-load-balancer-internal: ' +
          '"true" gives mlflow a public address: make the load balancer internal',
      ],
    ],
  },
];

const found = (vs: Violation[]) => vs.map((v) => [v.policy, v.name, v.message]);

beforeAll(async () => {
  await Promise.all(STACKS.map(awsStack));
  // Starts the pack server before the first timed test.
  await evaluate([], "dev");
}, 120_000);

describe.each(STACKS)("the unmodified AWS %s stack", (stack) => {
  it("passes every policy with its config and AWS budget (no violation at any level)", async () => {
    const { resources } = await awsStack(stack);
    expect(found(await evaluate(resources, stack))).toEqual([]);
  });

  it("is priced from the declared resources exactly as the program prices its config", async () => {
    const { resources, outputs } = await awsStack(stack);
    const cost = loadPackConfig(stack)["cost-within-budget"] as {
      bucketVolumesGb: Record<string, number>;
      registryGb: number;
    };
    const declared = resources.map((r) => ({ ...r, props: r.inputs }));
    const region = stackSetting<{ region: "eu-central-1" }>(stack, "antifraud:aws").region;
    const recomputed = estimateAwsMonthlyCost(
      awsCostInputsFromResources(declared, cost),
      AWS_PRICE_TABLE,
      region,
    );
    const report = outputs.costEstimate as CostReport;
    expect(recomputed.total).toEqual(report.total);
    expect(recomputed.components.map((c) => [c.component, c.min, c.max])).toEqual(
      report.components.map((c) => [c.component, c.min, c.max]),
    );
  });
});

describe("broken variants of the AWS stacks", () => {
  it("has at least twelve", () => expect(variants.length).toBeGreaterThanOrEqual(12));

  it.each(variants.map((v) => [v.title, v] as const))("%s", async (_title, v) => {
    const { resources } = await awsStack(v.stack);
    const violations = await evaluate(v.edit(resources), v.stack);
    expect(found(violations)).toEqual(v.expected);
    const level = v.stack === "prod" ? "mandatory" : "advisory";
    expect(violations.map((x) => x.enforcementLevel)).toEqual(v.expected.map(() => level));
  });
});
