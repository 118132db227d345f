import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as msk from "@pulumi/aws/msk";
import * as vpc from "@pulumi/aws/vpc";
import {
  kafkaClientsUseTls,
  kafkaNoPublicAccess,
  kafkaPerRoleUsers,
  kafkaReplication,
  serverProperties,
} from "../../src/rules/kafka";
import { noPublicIngress } from "../../src/rules/network";
import { messagesOf, withChange } from "../helpers";
import type { Inputs } from "../stack-fixtures";
import { awsResource } from "./aws-fixtures";

describe("network-no-public-ingress on AWS", () => {
  const rule = (inputs: Record<string, unknown>) =>
    awsResource(vpc.SecurityGroupIngressRule, "sg-kafka-in-0", { securityGroupId: "sg-1", ...inputs });
  const tcp = (port: number, cidrIpv4: string) =>
    rule({ ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4 });
  const NONE = "no port may be public";
  it.each([
    ["a client subnet", tcp(9096, "10.20.0.0/20"), [], []],
    [
      "another security group as the source",
      rule({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-2" }),
      [],
      [],
    ],
    [
      "SSH from anywhere",
      tcp(22, "0.0.0.0/0"),
      [],
      [`ingress rule (TCP 22) is open to the world (0.0.0.0/0); ${NONE}`],
    ],
    [
      "every protocol over IPv6",
      rule({ ipProtocol: "-1", cidrIpv6: "::/0" }),
      [],
      [`ingress rule (all traffic) is open to the world (::/0); ${NONE}`],
    ],
    ["the public node port when it is allowed", tcp(30080, "0.0.0.0/0"), [30080], []],
    [
      "a port range around the allowed port",
      rule({ ipProtocol: "tcp", fromPort: 30000, toPort: 32767, cidrIpv4: "0.0.0.0/0" }),
      [30080],
      ["ingress rule (TCP 30000-32767) is open to the world (0.0.0.0/0); only TCP 30080 may be public"],
    ],
    [
      "the allowed port over UDP",
      rule({ ipProtocol: "udp", fromPort: 30080, toPort: 30080, cidrIpv4: "0.0.0.0/0" }),
      [30080],
      ["ingress rule (UDP 30080) is open to the world (0.0.0.0/0); only TCP 30080 may be public"],
    ],
    [
      "an inline ingress block open to the world as two halves",
      awsResource(ec2.SecurityGroup, "sg-redis", {
        vpcId: "vpc-1",
        ingress: [
          { protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.20.0.0/16"] },
          { protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] },
        ],
      }),
      [],
      [`ingress[1] (TCP 6379) is open to the world (0.0.0.0/1, 128.0.0.0/1); ${NONE}`],
    ],
    [
      "a node group with SSH from anywhere",
      awsResource(eks.NodeGroup, "nodes", { clusterName: "c", remoteAccess: { ec2SshKey: "ops" } }),
      [],
      [`remoteAccess without sourceSecurityGroupIds (TCP 22) is open to the world (0.0.0.0/0); ${NONE}`],
    ],
    [
      "a node group with SSH from a bastion's group",
      awsResource(eks.NodeGroup, "nodes", {
        clusterName: "c",
        remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-bastion"] },
      }),
      [],
      [],
    ],
    ["a node group without remote access", awsResource(eks.NodeGroup, "nodes", { clusterName: "c" }), [], []],
  ])("%s", async (_case, r, publicPorts, expected) => {
    expect(await messagesOf(noPublicIngress, [r], { publicPorts })).toEqual(expected);
  });
});

const goodCluster = {
  clusterName: "antifraud-prod-kafka",
  kafkaVersion: "4.0.x.kraft",
  numberOfBrokerNodes: 3,
  brokerNodeGroupInfo: {
    instanceType: "kafka.m5.large",
    clientSubnets: ["subnet-a", "subnet-b", "subnet-c"],
    securityGroups: ["sg-kafka"],
    connectivityInfo: { publicAccess: { type: "DISABLED" } },
  },
  clientAuthentication: { sasl: { scram: true, iam: false }, unauthenticated: false },
  encryptionInfo: {
    encryptionAtRestKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/k1",
    encryptionInTransit: { clientBroker: "TLS", inCluster: true },
  },
};
const cluster = (change: (c: Inputs) => void = () => {}) =>
  awsResource(msk.Cluster, "kafka-cluster", withChange(goodCluster as Inputs, change));
const configuration = (lines: string[]) =>
  awsResource(msk.Configuration, "kafka-config", { name: "c", serverProperties: lines.join("\n") });
const topic = (name: string, replicationFactor: number, configs?: Record<string, string>) =>
  awsResource(msk.Topic, `kafka-topic-${name}`, {
    name,
    clusterArn: "arn:aws:kafka:::cluster/c",
    partitionCount: 3,
    replicationFactor,
    ...(configs ? { configs: JSON.stringify(configs) } : {}),
  });

describe("serverProperties", () => {
  it("reads key=value lines, skipping comments and blanks", () => {
    expect([...serverProperties("# brokers\nauto.create.topics.enable = false\n\nx=a=b\n")]).toEqual([
      ["auto.create.topics.enable", "false"],
      ["x", "a=b"],
    ]);
  });
});

describe("kafka rules on MSK", () => {
  const prod = { minReplicationFactor: 3, minInsyncReplicas: 2 };
  it.each([
    ["kafka-no-public-access: private brokers", kafkaNoPublicAccess, [cluster()], {}, []],
    [
      "kafka-no-public-access: brokers with public addresses",
      kafkaNoPublicAccess,
      [cluster((c) => (c.brokerNodeGroupInfo.connectivityInfo.publicAccess.type = "SERVICE_PROVIDED_EIPS"))],
      {},
      [
        'brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "SERVICE_PROVIDED_EIPS": brokers would be ' +
          'reachable from the internet; set it to "DISABLED"',
      ],
    ],
    ["kafka-tls: TLS everywhere", kafkaClientsUseTls, [cluster()], {}, []],
    [
      "kafka-tls: the service defaults",
      kafkaClientsUseTls,
      [cluster((c) => delete c.encryptionInfo.encryptionInTransit)],
      {},
      [],
    ],
    [
      "kafka-tls: plaintext clients and replication",
      kafkaClientsUseTls,
      [
        cluster(
          (c) => (c.encryptionInfo.encryptionInTransit = { clientBroker: "TLS_PLAINTEXT", inCluster: false }),
        ),
      ],
      {},
      [
        'encryptionInfo.encryptionInTransit.clientBroker is "TLS_PLAINTEXT": clients could connect in clear; set "TLS"',
        "encryptionInfo.encryptionInTransit.inCluster is false: brokers would replicate in clear",
      ],
    ],
    [
      "kafka-per-role-users: SCRAM only, ACLs enforced",
      kafkaPerRoleUsers,
      [cluster(), configuration(["auto.create.topics.enable=false", "allow.everyone.if.no.acl.found=false"])],
      {},
      [],
    ],
    [
      "kafka-per-role-users: unauthenticated clients, no SCRAM",
      kafkaPerRoleUsers,
      [cluster((c) => (c.clientAuthentication = { sasl: { iam: true }, unauthenticated: true }))],
      {},
      [
        "clientAuthentication.unauthenticated is true: any client in the VPC could read and write every topic; " +
          "set it to false",
        "clientAuthentication.sasl.scram is not true: services cannot sign in as their own SCRAM users",
      ],
    ],
    [
      "kafka-per-role-users: topics without ACLs open to all (MSK's default)",
      kafkaPerRoleUsers,
      [configuration(["auto.create.topics.enable=false"])],
      {},
      [
        "serverProperties set allow.everyone.if.no.acl.found to unset (MSK: true): a topic without ACLs would " +
          "be open to every user; set it to false",
      ],
    ],
    [
      "kafka-replication: three brokers, replicated topics",
      kafkaReplication,
      [cluster(), topic("scores", 3, { "min.insync.replicas": "2" })],
      prod,
      [],
    ],
    [
      "kafka-replication: one broker in prod",
      kafkaReplication,
      [cluster((c) => (c.numberOfBrokerNodes = 1))],
      prod,
      ["1 broker node(s) cannot hold 3 replicas"],
    ],
    [
      "kafka-replication: an under-replicated topic without min.insync.replicas",
      kafkaReplication,
      [topic("labels", 2)],
      prod,
      [
        'topic "labels" has replicationFactor 2; at least 3 required',
        'topic "labels" has minInsyncReplicas unset; at least 2 required',
      ],
    ],
    [
      "kafka-replication: min.insync.replicas equal to the replication factor",
      kafkaReplication,
      [topic("scores", 3, { "min.insync.replicas": "3" })],
      prod,
      [
        'topic "scores" has minInsyncReplicas 3 >= replicationFactor 3: one broker down would block every producer',
      ],
    ],
    [
      "kafka-replication: auto-created topics with one replica",
      kafkaReplication,
      [configuration(["auto.create.topics.enable=true", "default.replication.factor=1"])],
      prod,
      [
        "serverProperties enable auto.create.topics with default.replication.factor 1; auto-created topics need at least 3",
      ],
    ],
    [
      "kafka-replication: auto-creation off",
      kafkaReplication,
      [configuration(["auto.create.topics.enable=false"])],
      prod,
      [],
    ],
    [
      "kafka-replication: a single-broker dev cluster under dev settings",
      kafkaReplication,
      [cluster((c) => (c.numberOfBrokerNodes = 1)), topic("scores", 1, { "min.insync.replicas": "1" })],
      { minReplicationFactor: 1, minInsyncReplicas: 1 },
      [],
    ],
  ])("%s", async (_case, policy, resources, settings, expected) => {
    expect(await messagesOf(policy, resources, settings)).toEqual(expected);
  });
});
