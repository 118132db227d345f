/**
 * network-no-public-ingress on AWS: a security group's inline ingress blocks, standalone ingress
 * rules (aws.vpc.SecurityGroupIngressRule), and EKS node groups' remote access, which opens SSH to
 * 0.0.0.0/0 unless it names source security groups.
 */
import type { ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as vpc from "@pulumi/aws/vpc";
import { worldReach } from "../lib/world-cidrs";

interface Opening {
  /** "tcp", "udp", "icmp", or "-1" (every protocol, every port). */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: readonly string[];
}

const allTraffic = (protocol: string) => protocol === "-1" || protocol.toLowerCase() === "all";

function describe({ protocol, fromPort, toPort }: Opening): string {
  if (allTraffic(protocol)) return "all traffic";
  const ports = fromPort === toPort ? `${fromPort}` : `${fromPort ?? 0}-${toPort ?? 65535}`;
  return `${protocol.toUpperCase()} ${ports}`;
}

/** Why the opening is wrong, or undefined when it does not reach the world or is an allowed public port. */
function worldOpening(opening: Opening, publicPorts: readonly number[]): string | undefined {
  const world = worldReach(opening.cidrs);
  if (world.length === 0) return undefined;
  const { protocol, fromPort, toPort } = opening;
  const allowed =
    protocol.toLowerCase() === "tcp" &&
    fromPort !== undefined &&
    fromPort === toPort &&
    publicPorts.includes(fromPort);
  if (allowed) return undefined;
  const may = publicPorts.length > 0 ? `only TCP ${publicPorts.join(", ")} may be` : "no port may be";
  return `(${describe(opening)}) is open to the world (${world.join(", ")}); ${may} public`;
}

export type PublicPorts = (args: ResourceValidationArgs) => readonly number[];

export function awsPublicIngress(publicPorts: PublicPorts): ResourceValidation[] {
  return [
    validateResourceOfType(ec2.SecurityGroup, (group, args, report) => {
      (group.ingress ?? []).forEach((rule, i) => {
        const problem = worldOpening(
          {
            protocol: rule.protocol,
            fromPort: rule.fromPort,
            toPort: rule.toPort,
            cidrs: [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])],
          },
          publicPorts(args),
        );
        if (problem) report(`ingress[${i}] ${problem}`);
      });
    }),
    validateResourceOfType(vpc.SecurityGroupIngressRule, (rule, args, report) => {
      const cidrs = [rule.cidrIpv4, rule.cidrIpv6].filter((c): c is string => typeof c === "string");
      const problem = worldOpening(
        { protocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, cidrs },
        publicPorts(args),
      );
      if (problem) report(`ingress rule ${problem}`);
    }),
    validateResourceOfType(eks.NodeGroup, (group, args, report) => {
      const access = group.remoteAccess;
      if (access && (access.sourceSecurityGroupIds ?? []).length === 0) {
        const problem = worldOpening(
          { protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] },
          publicPorts(args),
        );
        if (problem) report(`remoteAccess without sourceSecurityGroupIds ${problem}`);
      }
    }),
  ];
}
