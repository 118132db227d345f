import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AWS_NETWORK_TIERS, YANDEX_ZONES, type AwsNetworkTier } from "../config/schema";
import { tierSubnets } from "../network-math";
import { resourceName } from "../naming";
import { awsTags, EMR_MANAGED_TAG } from "./tags";
import { configuredZones, serviceZones, type AwsZone } from "./zones";

/** MSK's port for SASL/SCRAM clients over TLS. */
export const MSK_SASL_SCRAM_PORT = 9096;
/** ElastiCache serves TLS on the usual Redis port when transit encryption is required. */
export const ELASTICACHE_PORT = 6379;
export const POSTGRESQL_PORT = 5432;
const HTTPS = 443;
const ANYWHERE = "0.0.0.0/0";

export interface AwsNetworkArgs {
  readonly stack: string;
  readonly environment: "dev" | "prod";
  readonly region: string;
  /** Zone slots from antifraud:zones. */
  readonly zones: readonly string[];
  readonly vpcCidr: string;
  readonly subnetPrefixLength: number;
}

export interface AwsSubnets {
  readonly ids: pulumi.Output<string>[];
  readonly cidrs: string[];
  readonly zones: AwsZone[];
}

/**
 * The VPC: private subnets per tier (k8s, data, spark) in every service zone, public subnets that hold the
 * NAT gateways (one in dev, one per zone in prod) and internet-facing load balancers, private routes out
 * through the zone's NAT, an S3 gateway endpoint on the private routes, an STS interface endpoint for the
 * pods' role credentials, and one security group per data service admitting its clients' subnets only.
 */
export class AwsNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly subnets: Record<AwsNetworkTier, AwsSubnets>;
  readonly securityGroupIds: {
    readonly kafka: pulumi.Output<string>;
    readonly redis: pulumi.Output<string>;
    readonly postgresql: pulumi.Output<string>;
    readonly emrMaster: pulumi.Output<string>;
    readonly emrWorkers: pulumi.Output<string>;
    readonly emrServiceAccess: pulumi.Output<string>;
  };

  constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:Network", name, { zones: args.zones, vpcCidr: args.vpcCidr }, opts);
    if (args.zones.length === 0) throw new Error(`${name}: at least one zone is required`);
    const zones = serviceZones(args.region, args.zones);
    const child = { parent: this };
    const tags = (what: string) => awsTags(args.stack, "network", resourceName(args.stack, what));

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: args.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") },
      child,
    );
    this.vpcId = vpc.id;
    this.subnets = this.createSubnets(name, args, vpc, zones);
    const privateRoutes = this.routes(name, args, vpc);
    this.endpoints(name, args, vpc, privateRoutes);
    this.securityGroupIds = this.dataSecurityGroups(name, args, vpc);
    this.registerOutputs({ vpcId: this.vpcId });
  }

  private createSubnets(
    name: string,
    args: AwsNetworkArgs,
    vpc: aws.ec2.Vpc,
    zones: AwsZone[],
  ): Record<AwsNetworkTier, AwsSubnets> {
    const layout = tierSubnets(
      args.vpcCidr,
      AWS_NETWORK_TIERS,
      zones.map((z) => z.slot),
      YANDEX_ZONES,
      args.subnetPrefixLength,
    );
    const result = {} as Record<AwsNetworkTier, AwsSubnets>;
    for (const tier of AWS_NETWORK_TIERS) {
      const subnets = layout.filter((s) => s.tier === tier);
      const tierZones = subnets.map((s) => zones.find((z) => z.slot === s.zone) as AwsZone);
      result[tier] = {
        cidrs: subnets.map((s) => s.cidr),
        zones: tierZones,
        ids: subnets.map(
          (s, i) =>
            new aws.ec2.Subnet(
              `${name}-${tier}-${tierZones[i]?.name}`,
              {
                vpcId: vpc.id,
                cidrBlock: s.cidr,
                availabilityZone: tierZones[i]?.name,
                mapPublicIpOnLaunch: false,
                tags: {
                  ...awsTags(args.stack, "network", resourceName(args.stack, tier, tierZones[i]?.name ?? "")),
                  // Where the cloud controller puts the LoadBalancer Services' balancers.
                  ...(tier === "public" ? { "kubernetes.io/role/elb": "1" } : {}),
                  ...(tier === "k8s" ? { "kubernetes.io/role/internal-elb": "1" } : {}),
                  ...(tier === "spark" ? EMR_MANAGED_TAG : {}),
                },
              },
              { parent: this },
            ).id,
        ),
      };
    }
    return result;
  }

  /** Public routes to the internet gateway; each private subnet routes out through its zone's NAT (dev: one). */
  private routes(name: string, args: AwsNetworkArgs, vpc: aws.ec2.Vpc): aws.ec2.RouteTable[] {
    const child = { parent: this };
    const tags = (what: string) => awsTags(args.stack, "network", resourceName(args.stack, what));
    const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags("igw") }, child);
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      { vpcId: vpc.id, routes: [{ cidrBlock: ANYWHERE, gatewayId: gateway.id }], tags: tags("public") },
      child,
    );
    const pub = this.subnets.public;
    pub.ids.forEach((subnetId, i) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${pub.zones[i]?.name}`,
        { subnetId, routeTableId: publicRoutes.id },
        child,
      );
    });
    const natZones = args.environment === "prod" ? configuredZones(args.region, args.zones) : [pub.zones[0]];
    const nats = natZones.map((zone) => {
      const index = pub.zones.findIndex((z) => z.name === zone?.name);
      const ip = new aws.ec2.Eip(
        `${name}-nat-${zone?.name}`,
        { domain: "vpc", tags: tags(`nat-${zone?.name}`) },
        child,
      );
      const nat = new aws.ec2.NatGateway(
        `${name}-nat-${zone?.name}`,
        {
          allocationId: ip.id,
          subnetId: pub.ids[index] as pulumi.Output<string>,
          tags: tags(`nat-${zone?.name}`),
        },
        { parent: this, dependsOn: [gateway] },
      );
      return {
        zone: zone?.name,
        table: new aws.ec2.RouteTable(
          `${name}-private-${zone?.name}`,
          {
            vpcId: vpc.id,
            routes: [{ cidrBlock: ANYWHERE, natGatewayId: nat.id }],
            tags: tags(`private-${zone?.name}`),
          },
          child,
        ),
      };
    });
    for (const tier of ["k8s", "data", "spark"] as const) {
      const s = this.subnets[tier];
      s.ids.forEach((subnetId, i) => {
        const own = nats.find((n) => n.zone === s.zones[i]?.name) ?? nats[0];
        new aws.ec2.RouteTableAssociation(
          `${name}-${tier}-${s.zones[i]?.name}`,
          { subnetId, routeTableId: (own as { table: aws.ec2.RouteTable }).table.id },
          child,
        );
      });
    }
    return nats.map((n) => n.table);
  }

  /**
   * S3 through a gateway endpoint (no NAT charge, traffic stays on AWS's network); STS through an interface
   * endpoint in the Kubernetes subnets, so the pods' role credentials come from an address in the VPC.
   */
  private endpoints(
    name: string,
    args: AwsNetworkArgs,
    vpc: aws.ec2.Vpc,
    privateRoutes: aws.ec2.RouteTable[],
  ): void {
    const child = { parent: this };
    new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: privateRoutes.map((t) => t.id),
        tags: awsTags(args.stack, "network", resourceName(args.stack, "s3")),
      },
      child,
    );
    const sts = this.securityGroup(
      name,
      args,
      vpc,
      "sts",
      "STS interface endpoint: HTTPS from the Kubernetes subnets",
    );
    this.ingress(name, "sts", sts, this.subnets.k8s.cidrs, HTTPS);
    new aws.ec2.VpcEndpoint(
      `${name}-sts`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.sts`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.subnets.k8s.ids,
        securityGroupIds: [sts.id],
        tags: awsTags(args.stack, "network", resourceName(args.stack, "sts")),
      },
      child,
    );
  }

  private dataSecurityGroups(
    name: string,
    args: AwsNetworkArgs,
    vpc: aws.ec2.Vpc,
  ): AwsNetwork["securityGroupIds"] {
    const clients = [...this.subnets.k8s.cidrs, ...this.subnets.spark.cidrs];
    const kafka = this.securityGroup(
      name,
      args,
      vpc,
      "kafka",
      "MSK: SASL/SCRAM over TLS from Kubernetes and Spark",
    );
    this.ingress(name, "kafka", kafka, clients, MSK_SASL_SCRAM_PORT);
    const redis = this.securityGroup(name, args, vpc, "redis", "ElastiCache: TLS from Kubernetes and Spark");
    this.ingress(name, "redis", redis, clients, ELASTICACHE_PORT);
    const postgresql = this.securityGroup(
      name,
      args,
      vpc,
      "postgresql",
      "RDS PostgreSQL: TLS from Kubernetes",
    );
    this.ingress(name, "postgresql", postgresql, this.subnets.k8s.cidrs, POSTGRESQL_PORT);
    // EMR writes the rules of its managed groups itself; they start empty.
    const emr = (role: string, description: string) => {
      const group = this.securityGroup(name, args, vpc, `emr-${role}`, description, true);
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-sg-emr-${role}-egress`,
        {
          securityGroupId: group.id,
          cidrIpv4: ANYWHERE,
          ipProtocol: "-1",
          description: "EMR nodes reach S3, STS and EMR through the NAT and endpoints",
        },
        { parent: this },
      );
      return group.id;
    };
    return {
      kafka: kafka.id,
      redis: redis.id,
      postgresql: postgresql.id,
      emrMaster: emr("master", "EMR primary node (rules managed by EMR)"),
      emrWorkers: emr("workers", "EMR core and task nodes (rules managed by EMR)"),
      emrServiceAccess: emr("service", "EMR service access in a private subnet (rules managed by EMR)"),
    };
  }

  private securityGroup(
    name: string,
    args: AwsNetworkArgs,
    vpc: aws.ec2.Vpc,
    tier: string,
    description: string,
    /** EMR's managed groups: EMR writes their rules and removes them with the group. */
    revokeRulesOnDelete = false,
  ): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(
      `${name}-sg-${tier}`,
      {
        name: resourceName(args.stack, "sg", tier),
        description,
        vpcId: vpc.id,
        revokeRulesOnDelete,
        tags: {
          ...awsTags(args.stack, "network", resourceName(args.stack, "sg", tier)),
          ...(revokeRulesOnDelete ? EMR_MANAGED_TAG : {}),
        },
      },
      { parent: this },
    );
  }

  private ingress(
    name: string,
    tier: string,
    group: aws.ec2.SecurityGroup,
    cidrs: readonly string[],
    port: number,
  ): void {
    cidrs.forEach((cidr, i) => {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-sg-${tier}-in-${i}`,
        {
          securityGroupId: group.id,
          cidrIpv4: cidr,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: `TCP ${port} from ${cidr}`,
        },
        { parent: this },
      );
    });
  }
}
