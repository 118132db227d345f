import * as pulumi from "@pulumi/pulumi";
import * as yandex from "../yandex";
import { NETWORK_TIERS, YANDEX_ZONES, type NetworkTier } from "../config/schema";
import { cloudLabels, resourceName } from "../naming";
import { tierSubnets } from "../network-math";

/** Ports the managed services listen on (Yandex MDB fixed ports). */
export const KAFKA_SASL_SSL_PORT = 9091;
export const REDIS_TLS_PORT = 6380;
export const REDIS_SENTINEL_PORT = 26379;
/** Managed PostgreSQL's connection pooler, the port clients use (TLS). */
export const POSTGRESQL_PORT = 6432;
const ANYWHERE = "0.0.0.0/0";

export interface NetworkArgs {
  /** Stack name, used in resource names and labels. */
  readonly stack: string;
  /** Zones to create subnets in (plain: decides how many subnets exist). */
  readonly zones: readonly string[];
  /** VPC range the tier subnets are carved from. */
  readonly vpcCidr: string;
  /** Prefix length of every tier subnet. */
  readonly subnetPrefixLength: number;
  /** Kubernetes pod and service ranges; nodes accept traffic from them. */
  readonly podCidr: string;
  readonly serviceCidr: string;
  /** Networks allowed to reach the Kubernetes API and Grafana. */
  readonly adminCidrs: readonly string[];
  /** NodePort behind the scoring load balancer. */
  readonly scoringNodePort: number;
  /** Networks the scoring API is called from: the only ones admitted to its node port. */
  readonly scoringClientCidrs: readonly string[];
  /** NodePort behind Grafana's internal load balancer, reachable from the admin networks. */
  readonly grafanaNodePort: number;
  /** NodePort behind MLflow's internal load balancer, reachable from the pipeline subnets only. */
  readonly mlflowNodePort: number;
}

interface Rule {
  protocol: string;
  description: string;
  port?: number;
  fromPort?: number;
  toPort?: number;
  v4CidrBlocks?: pulumi.Input<string>[];
  securityGroupId?: pulumi.Input<string>;
  predefinedTarget?: string;
}

/**
 * VPC with one subnet per tier and zone, a NAT (shared egress) gateway as default route, and one
 * security group per tier with the narrowest ingress that works.
 */
export class Network extends pulumi.ComponentResource {
  readonly networkId: pulumi.Output<string>;
  /** Subnet ids per tier, in the order of `zones`. */
  readonly subnetIds: Record<NetworkTier, pulumi.Output<string>[]>;
  readonly subnetCidrs: Record<NetworkTier, string[]>;
  /**
   * Where the pipelines run outside the Kubernetes cluster: the data tier (Managed Airflow) and the Spark
   * tier (Data Processing). The only networks admitted to MLflow's internal load balancer.
   */
  readonly pipelineCidrs: string[];
  readonly zones: readonly string[];
  readonly securityGroupIds: {
    readonly k8sMaster: pulumi.Output<string>;
    readonly k8sNodes: pulumi.Output<string>;
    readonly kafka: pulumi.Output<string>;
    readonly redis: pulumi.Output<string>;
    readonly spark: pulumi.Output<string>;
    readonly airflow: pulumi.Output<string>;
    readonly postgresql: pulumi.Output<string>;
  };

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:network:Network", name, { zones: args.zones, vpcCidr: args.vpcCidr }, opts);
    if (args.zones.length === 0) throw new Error(`${name}: at least one zone is required`);
    if ([args.scoringNodePort, args.grafanaNodePort].includes(args.mlflowNodePort))
      throw new Error(
        `${name}: mlflowNodePort ${args.mlflowNodePort} is already the scoring or Grafana node port`,
      );
    const layout = tierSubnets(
      args.vpcCidr,
      NETWORK_TIERS,
      args.zones,
      YANDEX_ZONES,
      args.subnetPrefixLength,
    );
    const labels = cloudLabels(args.stack, "network");
    const child = { parent: this };

    const network = new yandex.VpcNetwork(
      `${name}-vpc`,
      { name: resourceName(args.stack, "vpc"), labels },
      child,
    );
    const gateway = new yandex.VpcGateway(
      `${name}-nat`,
      { name: resourceName(args.stack, "nat"), labels, sharedEgressGateway: {} },
      child,
    );
    const routes = new yandex.VpcRouteTable(
      `${name}-egress`,
      {
        name: resourceName(args.stack, "egress"),
        networkId: network.id,
        labels,
        staticRoutes: [{ destinationPrefix: ANYWHERE, gatewayId: gateway.id }],
      },
      child,
    );

    const subnetIds = {} as Record<NetworkTier, pulumi.Output<string>[]>;
    const subnetCidrs = {} as Record<NetworkTier, string[]>;
    for (const tier of NETWORK_TIERS) {
      const subnets = layout.filter((s) => s.tier === tier);
      subnetCidrs[tier] = subnets.map((s) => s.cidr);
      subnetIds[tier] = subnets.map(
        (s) =>
          new yandex.VpcSubnet(
            `${name}-${tier}-${s.zone}`,
            {
              name: resourceName(args.stack, tier, s.zone),
              networkId: network.id,
              zone: s.zone,
              v4CidrBlocks: [s.cidr],
              routeTableId: routes.id,
              labels,
            },
            child,
          ).id,
      );
    }

    const group = (tier: string, description: string, ingresses: Rule[]) =>
      new yandex.VpcSecurityGroup(
        `${name}-sg-${tier}`,
        {
          name: resourceName(args.stack, "sg", tier),
          description,
          networkId: network.id,
          labels,
          ingresses,
          egresses: [
            {
              protocol: "ANY",
              description: "outbound through the NAT gateway",
              v4CidrBlocks: [ANYWHERE],
              fromPort: 0,
              toPort: 65535,
            },
          ],
        },
        child,
      );
    const clients = [...subnetCidrs.k8s, ...subnetCidrs.spark];
    const pipelines = [...subnetCidrs.data, ...subnetCidrs.spark];

    const master = group("k8s-master", "Kubernetes API", [
      {
        protocol: "TCP",
        port: 443,
        description: "API from admin networks",
        v4CidrBlocks: [...args.adminCidrs],
      },
      {
        protocol: "TCP",
        port: 6443,
        description: "API from admin networks",
        v4CidrBlocks: [...args.adminCidrs],
      },
      { protocol: "TCP", port: 443, description: "API from nodes", v4CidrBlocks: subnetCidrs.k8s },
      { protocol: "TCP", port: 443, description: "API from pods", v4CidrBlocks: [args.podCidr] },
    ]);
    const nodes = group("k8s-nodes", "Kubernetes nodes", [
      {
        protocol: "ANY",
        fromPort: 0,
        toPort: 65535,
        description: "node to node",
        predefinedTarget: "self_security_group",
      },
      {
        protocol: "ANY",
        fromPort: 0,
        toPort: 65535,
        description: "pods and services",
        v4CidrBlocks: [args.podCidr, args.serviceCidr],
      },
      {
        protocol: "ANY",
        fromPort: 0,
        toPort: 65535,
        description: "control plane to kubelets",
        securityGroupId: master.id,
      },
      {
        protocol: "TCP",
        fromPort: 0,
        toPort: 65535,
        description: "load balancer health checks",
        predefinedTarget: "loadbalancer_healthchecks",
      },
      {
        protocol: "TCP",
        port: args.scoringNodePort,
        description: "scoring HTTP API behind its load balancer, from the client networks",
        v4CidrBlocks: [...args.scoringClientCidrs],
      },
      {
        protocol: "TCP",
        port: args.grafanaNodePort,
        description: "Grafana behind the internal load balancer",
        v4CidrBlocks: [...args.adminCidrs],
      },
      {
        protocol: "TCP",
        port: args.mlflowNodePort,
        description: "MLflow behind its internal load balancer, from the Airflow and Data Processing subnets",
        v4CidrBlocks: pipelines,
      },
    ]);
    const kafka = group("kafka", "Managed Kafka: SASL_SSL from the Kubernetes and Spark subnets only", [
      { protocol: "TCP", port: KAFKA_SASL_SSL_PORT, description: "Kafka clients", v4CidrBlocks: clients },
    ]);
    const redis = group("redis", "Managed Redis: TLS from the Kubernetes and Spark subnets only", [
      { protocol: "TCP", port: REDIS_TLS_PORT, description: "Redis over TLS", v4CidrBlocks: clients },
      { protocol: "TCP", port: REDIS_SENTINEL_PORT, description: "Redis Sentinel", v4CidrBlocks: clients },
    ]);
    const spark = group("spark", "Data Processing hosts", [
      {
        protocol: "ANY",
        fromPort: 0,
        toPort: 65535,
        description: "between cluster hosts",
        predefinedTarget: "self_security_group",
      },
    ]);

    // Managed Airflow's components talk to each other; nothing outside the cluster connects in.
    const airflow = group("airflow", "Managed Airflow components", [
      {
        protocol: "ANY",
        fromPort: 0,
        toPort: 65535,
        description: "between the cluster's components",
        predefinedTarget: "self_security_group",
      },
    ]);
    const postgresql = group(
      "postgresql",
      "Managed PostgreSQL (MLflow): TLS from the Kubernetes subnets only",
      [
        {
          protocol: "TCP",
          port: POSTGRESQL_PORT,
          description: "PostgreSQL clients (MLflow pods)",
          v4CidrBlocks: subnetCidrs.k8s,
        },
      ],
    );

    this.networkId = network.id;
    this.subnetIds = subnetIds;
    this.subnetCidrs = subnetCidrs;
    this.pipelineCidrs = pipelines;
    this.zones = args.zones;
    this.securityGroupIds = {
      k8sMaster: master.id,
      k8sNodes: nodes.id,
      kafka: kafka.id,
      redis: redis.id,
      spark: spark.id,
      airflow: airflow.id,
      postgresql: postgresql.id,
    };
    this.registerOutputs({ networkId: this.networkId, securityGroupIds: this.securityGroupIds });
  }
}
