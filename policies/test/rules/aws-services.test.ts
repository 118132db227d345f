import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as elasticache from "@pulumi/aws/elasticache";
import * as emr from "@pulumi/aws/emr";
import * as rds from "@pulumi/aws/rds";
import { privateKubernetesApi } from "../../src/rules/kubernetes-api";
import {
  postgresqlClientTls,
  postgresqlHighAvailability,
  postgresqlPrivate,
} from "../../src/rules/postgresql";
import { redisTls } from "../../src/rules/redis";
import { sparkBoundedAutoscaling, sparkNoPublicIp } from "../../src/rules/spark";
import { messagesOf, withChange } from "../helpers";
import type { Inputs } from "../stack-fixtures";
import { awsResource } from "./aws-fixtures";

const edit = (value: Inputs, change: (copy: Inputs) => void) => withChange(value, change);

describe("redis-tls on ElastiCache", () => {
  const good = {
    description: "feature store",
    engine: "valkey",
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    authToken: "t".repeat(32),
  };
  const group = (change: (g: Inputs) => void = () => {}) =>
    awsResource(elasticache.ReplicationGroup, "redis-cluster", edit(good, change));
  it.each([
    ["TLS required with a token", group(), []],
    [
      "RBAC user groups instead of a token",
      group((g) => {
        delete g.authToken;
        g.userGroupIds = ["ug-1"];
      }),
      [],
    ],
    [
      "no transit encryption",
      group((g) => (g.transitEncryptionEnabled = false)),
      [
        "transitEncryptionEnabled is not true: feature values and the auth token would cross the network in clear",
      ],
    ],
    [
      "TLS only preferred",
      group((g) => (g.transitEncryptionMode = "preferred")),
      ['transitEncryptionMode is "preferred": clients could still connect in clear; use "required"'],
    ],
    [
      "no auth token",
      group((g) => delete g.authToken),
      ["no authToken and no userGroupIds: any client in the VPC could read and write the feature store"],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(redisTls, [r])).toEqual(expected);
  });
});

describe("PostgreSQL rules on RDS", () => {
  const good = {
    engine: "postgres",
    instanceClass: "db.m6i.large",
    publiclyAccessible: false,
    vpcSecurityGroupIds: ["sg-pg"],
    multiAz: true,
    deletionProtection: true,
  };
  const instance = (change: (i: Inputs) => void = () => {}) =>
    awsResource(rds.Instance, "postgresql-instance", edit(good, change));
  const parameters = (family: string, parameters: { name: string; value: string }[]) =>
    awsResource(rds.ParameterGroup, "postgresql-parameters", { family, parameters });
  const prod = { minHosts: 2, deletionProtection: true };
  it.each([
    ["postgresql-private: a private instance", postgresqlPrivate, [instance()], {}, []],
    [
      "postgresql-private: a public instance on the default group",
      postgresqlPrivate,
      [
        instance((i) => {
          i.publiclyAccessible = true;
          delete i.vpcSecurityGroupIds;
        }),
      ],
      {},
      [
        "no vpcSecurityGroupIds: the instance would get the VPC's default security group",
        "publiclyAccessible is true: the instance would get a public address; keep PostgreSQL private",
      ],
    ],
    [
      "postgresql-private: a MySQL instance",
      postgresqlPrivate,
      [
        instance((i) => {
          i.engine = "mysql";
          i.publiclyAccessible = true;
        }),
      ],
      {},
      [],
    ],
    ["postgresql-high-availability: Multi-AZ, protected", postgresqlHighAvailability, [instance()], prod, []],
    [
      "postgresql-high-availability: single-AZ, unprotected in prod",
      postgresqlHighAvailability,
      [
        instance((i) => {
          i.multiAz = false;
          delete i.deletionProtection;
        }),
      ],
      prod,
      [
        "multiAz is not true: a single instance has no standby; at least 2 hosts required",
        "deletionProtection is not true: one mistaken delete would lose the database",
      ],
    ],
    [
      "postgresql-high-availability: single-AZ, unprotected under dev settings",
      postgresqlHighAvailability,
      [
        instance((i) => {
          i.multiAz = false;
          i.deletionProtection = false;
        }),
      ],
      { minHosts: 1, deletionProtection: false },
      [],
    ],
    [
      "postgresql-client-tls: force_ssl on",
      postgresqlClientTls,
      [parameters("postgres17", [{ name: "rds.force_ssl", value: "1" }])],
      {},
      [],
    ],
    [
      "postgresql-client-tls: force_ssl off",
      postgresqlClientTls,
      [parameters("postgres17", [{ name: "rds.force_ssl", value: "0" }])],
      {},
      ["rds.force_ssl is 0: the server would accept connections without TLS; set it to 1"],
    ],
    [
      "postgresql-client-tls: force_ssl left to the family default",
      postgresqlClientTls,
      [parameters("postgres17", [])],
      {},
      ["rds.force_ssl is unset: the server would accept connections without TLS; set it to 1"],
    ],
    [
      "postgresql-client-tls: a MySQL parameter group",
      postgresqlClientTls,
      [parameters("mysql8.0", [])],
      {},
      [],
    ],
  ])("%s", async (_case, policy, resources, settings, expected) => {
    expect(await messagesOf(policy, resources, settings)).toEqual(expected);
  });
});

describe("Spark rules on EMR", () => {
  const subnet = (name: string, mapPublicIpOnLaunch: boolean) =>
    awsResource(ec2.Subnet, name, { vpcId: "vpc-1", cidrBlock: "10.20.32.0/20", mapPublicIpOnLaunch });
  const cluster = (ec2Attributes: Record<string, unknown>, dependsOn = [subnet("network-spark-a", false)]) =>
    awsResource(
      emr.Cluster,
      "spark-cluster",
      { releaseLabel: "emr-7.5.0", serviceRole: "r", ec2Attributes },
      dependsOn,
    );
  it.each([
    [
      "a cluster in a private subnet",
      [subnet("network-spark-a", false), cluster({ subnetId: "subnet-1", instanceProfile: "p" })],
      [],
    ],
    [
      "a cluster in a subnet that maps public IPs",
      [
        subnet("network-public-a", true),
        cluster({ subnetId: "subnet-1", instanceProfile: "p" }, [subnet("network-public-a", true)]),
      ],
      [
        'subnet "network-public-a" maps public IPs on launch: EMR nodes would get public addresses; use a private subnet',
      ],
    ],
    [
      "a cluster without a subnet",
      [cluster({ instanceProfile: "p" }, [])],
      ["ec2Attributes names no subnet: EMR would launch in the default VPC's public subnets"],
    ],
  ])("spark-no-public-ip: %s", async (_case, resources, expected) => {
    expect(await messagesOf(sparkNoPublicIp, resources)).toEqual(expected);
  });

  const scaling = (limit: Record<string, unknown>) =>
    awsResource(emr.ManagedScalingPolicy, "spark-scaling", {
      clusterId: "j-1",
      computeLimits: [{ unitType: "Instances", minimumCapacityUnits: 3, maximumCapacityUnits: 4, ...limit }],
    });
  it.each([
    ["within the ceiling", scaling({}), []],
    [
      "past the ceiling",
      scaling({ maximumCapacityUnits: 14 }),
      ["computeLimits[0] lets the cluster scale to 14 instances; the ceiling is 12"],
    ],
    [
      "counted in vCPUs",
      scaling({ unitType: "VCPU", maximumCapacityUnits: 64 }),
      ['computeLimits[0] counts VCPU; count "Instances" so the ceiling of 12 hosts applies'],
    ],
    [
      "a maximum below the minimum",
      scaling({ minimumCapacityUnits: 5 }),
      ["computeLimits[0] has maximumCapacityUnits 4 below minimumCapacityUnits 5"],
    ],
  ])("spark-bounded-autoscaling: %s", async (_case, r, expected) => {
    expect(await messagesOf(sparkBoundedAutoscaling, [r], { maxHosts: 12 })).toEqual(expected);
  });
});

describe("k8s-private-api on EKS", () => {
  const cluster = (vpcConfig: Record<string, unknown>) =>
    awsResource(eks.Cluster, "kubernetes-cluster", {
      roleArn: "r",
      vpcConfig: { subnetIds: ["s"], ...vpcConfig },
    });
  const PUBLIC =
    "vpcConfig.endpointPublicAccess is not false: the Kubernetes API would be reachable from the internet; set it to false";
  it.each([
    [
      "a private endpoint in prod",
      cluster({ endpointPrivateAccess: true, endpointPublicAccess: false }),
      false,
      [],
    ],
    [
      "a public endpoint in prod",
      cluster({ endpointPrivateAccess: true, endpointPublicAccess: true }),
      false,
      [PUBLIC],
    ],
    ["the EKS default (public) in prod", cluster({ endpointPrivateAccess: true }), false, [PUBLIC]],
    [
      "no private endpoint",
      cluster({ endpointPrivateAccess: false, endpointPublicAccess: false }),
      false,
      ["vpcConfig.endpointPrivateAccess is not true: nodes and pods would reach the API over the internet"],
    ],
    [
      "a public endpoint for the admin networks in dev",
      cluster({
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/24"],
      }),
      true,
      [],
    ],
    [
      "a public endpoint for everyone in dev",
      cluster({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }),
      true,
      ["vpcConfig.publicAccessCidrs admit the world (0.0.0.0/0); list the admin networks"],
    ],
    [
      "a public endpoint without CIDRs in dev",
      cluster({ endpointPrivateAccess: true, endpointPublicAccess: true }),
      true,
      ["vpcConfig.publicAccessCidrs is unset: EKS would admit 0.0.0.0/0; list the admin networks"],
    ],
  ])("%s", async (_case, r, allowPublicApi, expected) => {
    expect(await messagesOf(privateKubernetesApi, [r], { allowPublicApi })).toEqual(expected);
  });
});
