import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { platformNamespace } from "../components/kubernetes";
import type { RegistryLogin } from "../components/pushed-image";
import type { StackConfig } from "../config/schema";
import { resourceName } from "../naming";
import type { AwsSubnets } from "./network";
import { serviceTrust } from "./policy-document";
import { instanceTypeFor } from "./sizes";
import { awsTags } from "./tags";

export const ECR_REPOSITORIES = ["scoring", "mlflow"] as const;
export type EcrRepository = (typeof ECR_REPOSITORIES)[number];
const MANAGED = "arn:aws:iam::aws:policy";
/** Images kept per repository; pods run by digest, so older pushes are only rollback targets. */
const KEPT_IMAGES = 20;

export interface AwsKubernetesArgs {
  readonly stack: string;
  readonly region: string;
  /** Kubernetes-tier subnets in every service zone (the control plane's ENIs). */
  readonly subnets: AwsSubnets;
  /** Zones that get a node group (antifraud:zones). */
  readonly nodeZones: readonly string[];
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly serviceCidr: string;
  readonly adminCidrs: readonly string[];
  /** Node ports the cluster security group admits, and from where (scoring, Grafana, MLflow). */
  readonly nodePorts: ReadonlyArray<{
    readonly port: number;
    readonly cidrs: readonly string[];
    readonly what: string;
  }>;
  readonly kubernetes: StackConfig["kubernetes"];
}

/** A kubeconfig that authenticates through `aws eks get-token` (no long-lived credentials). */
export function eksKubeconfig(endpoint: string, caData: string, clusterName: string, region: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": caData } }],
    users: [
      {
        name: "aws",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region],
            interactiveMode: "Never",
          },
        },
      },
    ],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: "aws" } }],
    "current-context": clusterName,
  });
}

/**
 * EKS: the control plane (private endpoint, a public one only when kubernetes.publicApi and then only for
 * network.adminCidrs; Secrets encrypted with the KMS key; audit logs on), one managed node group per zone,
 * the OIDC provider the workload roles trust (IRSA), ECR repositories (scan on push, KMS), the nodes'
 * node-port rules, an explicit Kubernetes provider and the platform namespace.
 */
export class AwsKubernetes extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  /** Issuer host and path, e.g. `oidc.eks.<region>.amazonaws.com/id/<id>` (the IRSA condition keys' prefix). */
  readonly oidcIssuer: pulumi.Output<string>;
  readonly repositoryUrls: Record<EcrRepository, pulumi.Output<string>>;
  readonly registryLogin: RegistryLogin;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: AwsKubernetesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:Kubernetes", name, { nodeZones: args.nodeZones, kubernetes: args.kubernetes }, opts);
    if (args.subnets.zones.length < 2) throw new Error(`${name}: EKS needs subnets in two zones at least`);
    const cluster = this.cluster(name, args);
    this.nodeGroups(name, args, cluster);
    this.nodePortRules(name, args, cluster);
    const issuer = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
    const oidc = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags: awsTags(args.stack, "kubernetes") },
      { parent: this },
    );
    this.oidcProviderArn = oidc.arn;
    this.oidcIssuer = issuer.apply((url) => url.replace(/^https:\/\//, ""));
    this.repositoryUrls = this.repositories(name, args);
    const login = aws.ecr.getAuthorizationTokenOutput({}, { parent: this });
    this.registryLogin = {
      address: login.proxyEndpoint.apply((url) => url.replace(/^https:\/\//, "")),
      username: login.userName,
      password: pulumi.secret(login.password),
    };
    this.clusterName = cluster.name;
    // No credential inside (it calls `aws eks get-token`), yet secret like Yandex's: it maps the private API.
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.endpoint, cluster.certificateAuthority, cluster.name])
        .apply(([endpoint, ca, clusterName]) =>
          eksKubeconfig(endpoint, ca.data ?? "", clusterName, args.region),
        ),
    );
    this.provider = new k8s.Provider(
      `${name}-provider`,
      {
        kubeconfig: this.kubeconfig,
        clusterIdentifier: cluster.arn,
        enableServerSideApply: true,
        deleteUnreachable: true,
      },
      { parent: this },
    );
    this.namespace = platformNamespace(`${name}-namespace`, this, this.provider).metadata.name;
    this.registerOutputs({ clusterName: this.clusterName, namespace: this.namespace });
  }

  private role(
    name: string,
    args: AwsKubernetesArgs,
    what: string,
    service: string,
    policies: string[],
  ): aws.iam.Role {
    const role = new aws.iam.Role(
      `${name}-${what}-role`,
      {
        name: resourceName(args.stack, "eks", what),
        assumeRolePolicy: serviceTrust(service),
        tags: awsTags(args.stack, "kubernetes"),
      },
      { parent: this },
    );
    for (const policy of policies) {
      new aws.iam.RolePolicyAttachment(
        `${name}-${what}-${policy}`,
        { role: role.name, policyArn: `${MANAGED}/${policy}` },
        { parent: this },
      );
    }
    return role;
  }

  private cluster(name: string, args: AwsKubernetesArgs): aws.eks.Cluster {
    const c = args.kubernetes;
    const role = this.role(name, args, "cluster", "eks.amazonaws.com", ["AmazonEKSClusterPolicy"]);
    return new aws.eks.Cluster(
      `${name}-cluster`,
      {
        name: resourceName(args.stack, "k8s"),
        version: c.version,
        roleArn: role.arn,
        vpcConfig: {
          subnetIds: args.subnets.ids,
          endpointPrivateAccess: true,
          endpointPublicAccess: c.publicApi,
          ...(c.publicApi ? { publicAccessCidrs: [...args.adminCidrs] } : {}),
        },
        kubernetesNetworkConfig: { serviceIpv4Cidr: args.serviceCidr },
        encryptionConfig: { provider: { keyArn: args.kmsKeyArn }, resources: ["secrets"] },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        upgradePolicy: { supportType: "STANDARD" },
        tags: awsTags(args.stack, "kubernetes", resourceName(args.stack, "k8s")),
      },
      { parent: this },
    );
  }

  /** One autoscaled managed node group per configured zone, spot when the config says preemptible. */
  private nodeGroups(name: string, args: AwsKubernetesArgs, cluster: aws.eks.Cluster): void {
    const n = args.kubernetes.nodes;
    const role = this.role(name, args, "nodes", "ec2.amazonaws.com", [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryReadOnly",
    ]);
    const instanceType = instanceTypeFor("ec2", n.cores, n.memoryGb).type;
    for (const zone of args.nodeZones) {
      const index = args.subnets.zones.findIndex((z) => z.name === zone);
      new aws.eks.NodeGroup(
        `${name}-nodes-${zone}`,
        {
          clusterName: cluster.name,
          nodeGroupName: resourceName(args.stack, "nodes", zone),
          nodeRoleArn: role.arn,
          subnetIds: [args.subnets.ids[index] as pulumi.Output<string>],
          instanceTypes: [instanceType],
          capacityType: n.preemptible ? "SPOT" : "ON_DEMAND",
          diskSize: n.diskGb,
          scalingConfig: { minSize: n.minNodes, maxSize: n.maxNodes, desiredSize: n.initialNodes },
          updateConfig: { maxUnavailable: 1 },
          labels: { "antifraud/zone": zone },
          tags: awsTags(args.stack, "kubernetes", resourceName(args.stack, "nodes", zone)),
        },
        { parent: this, ignoreChanges: ["scalingConfig.desiredSize"] },
      );
    }
  }

  /** The node ports behind the load balancers, admitted on EKS's cluster security group from their networks only. */
  private nodePortRules(name: string, args: AwsKubernetesArgs, cluster: aws.eks.Cluster): void {
    const groupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    for (const { port, cidrs, what } of args.nodePorts) {
      cidrs.forEach((cidr, i) => {
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-nodeport-${what}-${i}`,
          {
            securityGroupId: groupId,
            cidrIpv4: cidr,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            description: `${what} node port ${port} from ${cidr}`,
          },
          { parent: this },
        );
      });
    }
  }

  private repositories(name: string, args: AwsKubernetesArgs): Record<EcrRepository, pulumi.Output<string>> {
    const urls = {} as Record<EcrRepository, pulumi.Output<string>>;
    for (const repo of ECR_REPOSITORIES) {
      const repository = new aws.ecr.Repository(
        `${name}-ecr-${repo}`,
        {
          name: `${resourceName(args.stack)}/${repo}`,
          // The stack tag moves on every push; workloads run by digest, never by tag.
          imageTagMutability: "MUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
          forceDelete: false,
          tags: awsTags(args.stack, "kubernetes"),
        },
        { parent: this },
      );
      new aws.ecr.LifecyclePolicy(
        `${name}-ecr-${repo}`,
        {
          repository: repository.name,
          policy: JSON.stringify({
            rules: [
              {
                rulePriority: 1,
                description: `keep the last ${KEPT_IMAGES} images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: KEPT_IMAGES },
                action: { type: "expire" },
              },
            ],
          }),
        },
        { parent: this },
      );
      urls[repo] = repository.repositoryUrl;
    }
    return urls;
  }
}
