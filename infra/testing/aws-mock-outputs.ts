/**
 * What the mock engine answers for AWS resources and invokes: ARNs in the documentation account, ids with
 * AWS's prefixes, the endpoints the program reads (MSK brokers, ElastiCache and RDS addresses, the EKS API,
 * its OIDC issuer, ECR URLs) and the ECR login. Derived from the resource name, so runs are repeatable.
 */
import { createHash } from "node:crypto";

type Inputs = Record<string, unknown>;

/** The account id AWS's documentation uses in examples. */
export const MOCK_AWS_ACCOUNT = "123456789012";

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

const ID_PREFIX: Record<string, string> = {
  "ec2/vpc:Vpc": "vpc-",
  "ec2/subnet:Subnet": "subnet-",
  "ec2/securityGroup:SecurityGroup": "sg-",
  "ec2/routeTable:RouteTable": "rtb-",
  "ec2/internetGateway:InternetGateway": "igw-",
  "ec2/natGateway:NatGateway": "nat-",
  "ec2/eip:Eip": "eipalloc-",
  "ec2/vpcEndpoint:VpcEndpoint": "vpce-",
};

/**
 * Region of the AWS provider the program registered last: resources carry no region of their own (the
 * provider's applies), and each capture registers its provider before any resource.
 */
let region = "eu-central-1";

function arn(service: string, resource: string, regional = true): string {
  return `arn:aws:${service}:${regional ? region : ""}:${MOCK_AWS_ACCOUNT}:${resource}`;
}

function outputs(kind: string, name: string, id: string, inputs: Inputs): Inputs {
  switch (kind) {
    case "s3/bucket:Bucket":
      return { bucket: id, arn: `arn:aws:s3:::${id}`, region };
    case "kms/key:Key":
      return { keyId: id, arn: arn("kms", `key/${id}`) };
    case "iam/role:Role":
      return { arn: arn("iam", `role/${String(inputs.name)}`, false), name: inputs.name };
    case "iam/instanceProfile:InstanceProfile":
      return { arn: arn("iam", `instance-profile/${String(inputs.name)}`, false) };
    case "iam/openIdConnectProvider:OpenIdConnectProvider":
      return { arn: arn("iam", `oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`, false) };
    case "secretsmanager/secret:Secret":
      return { arn: arn("secretsmanager", `secret:${String(inputs.name)}-${digest(name, 6)}`) };
    case "msk/configuration:Configuration":
      return {
        arn: arn("kafka", `configuration/${String(inputs.name)}/${digest(name, 8)}`),
        latestRevision: 1,
      };
    case "msk/cluster:Cluster": {
      const cluster = String(inputs.clusterName);
      const brokers = Number(inputs.numberOfBrokerNodes ?? 0);
      const host = (i: number) => `b-${i + 1}.${cluster}.${digest(name, 6)}.c2.kafka.${region}.amazonaws.com`;
      return {
        arn: arn("kafka", `cluster/${cluster}/${digest(name, 8)}`),
        bootstrapBrokersSaslScram: Array.from({ length: brokers }, (_, i) => `${host(i)}:9096`).join(","),
      };
    }
    case "elasticache/replicationGroup:ReplicationGroup":
      return {
        arn: arn("elasticache", `replicationgroup:${String(inputs.replicationGroupId)}`),
        primaryEndpointAddress: `master.${String(inputs.replicationGroupId)}.${digest(name, 6)}.${region}.cache.amazonaws.com`,
      };
    case "rds/instance:Instance": {
      const address = `${String(inputs.identifier)}.${digest(name, 12)}.${region}.rds.amazonaws.com`;
      return {
        arn: arn("rds", `db:${String(inputs.identifier)}`),
        address,
        endpoint: `${address}:${String(inputs.port)}`,
      };
    }
    case "eks/cluster:Cluster": {
      const oidc = digest(`${name}:oidc`, 32).toUpperCase();
      return {
        arn: arn("eks", `cluster/${String(inputs.name)}`),
        endpoint: `https://${digest(name, 32).toUpperCase()}.gr7.${region}.eks.amazonaws.com`,
        certificateAuthority: { data: Buffer.from(`MOCK CA ${digest(name, 16)}`).toString("base64") },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${oidc}` }] }],
        vpcConfig: {
          ...(inputs.vpcConfig as Inputs),
          clusterSecurityGroupId: `sg-${digest(`${name}:cluster`, 17)}`,
        },
      };
    }
    case "ecr/repository:Repository":
      return {
        arn: arn("ecr", `repository/${String(inputs.name)}`),
        repositoryUrl: `${MOCK_AWS_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${String(inputs.name)}`,
      };
    case "emr/cluster:Cluster":
      return { arn: arn("elasticmapreduce", `cluster/${id}`) };
    default:
      return { arn: arn(kind.split("/")[0] ?? "aws", `${name}`) };
  }
}

export function mockAwsResource(type: string, name: string, inputs: Inputs): { id: string; state: Inputs } {
  if (type === "pulumi:providers:aws") {
    region = String(inputs.region ?? region);
    return { id: `${name}-id`, state: inputs };
  }
  const kind = type.slice("aws:".length);
  const prefix = ID_PREFIX[kind];
  const id =
    kind === "s3/bucket:Bucket"
      ? `${String(inputs.bucketPrefix ?? `${name}-`)}${digest(name, 12)}`
      : prefix
        ? `${prefix}${digest(name, 17)}`
        : `${name}-id`;
  return { id, state: { ...inputs, ...outputs(kind, name, id, inputs) } };
}

/** Invokes the AWS program makes: only the ECR login. */
export function mockAwsCall(token: string): Inputs | undefined {
  if (token !== "aws:ecr/getAuthorizationToken:getAuthorizationToken") return undefined;
  return {
    id: region,
    userName: "AWS",
    password: `mock-ecr-token-${digest(region, 24)}`,
    authorizationToken: Buffer.from(`AWS:mock-ecr-token-${digest(region, 24)}`).toString("base64"),
    proxyEndpoint: `https://${MOCK_AWS_ACCOUNT}.dkr.ecr.${region}.amazonaws.com`,
    expiresAt: "2026-01-01T12:00:00Z",
    registryId: MOCK_AWS_ACCOUNT,
  };
}
