import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import { K8S } from "../lib/kubernetes-types";
import { configSchemaOf, configValues, integerListParam, stringParam } from "../lib/policy-config";
import { ownedObjectsOnly, validateTypes } from "../lib/typed-validation";
import { worldReach } from "../lib/world-cidrs";
import { awsPublicIngress } from "./aws-network";

const publicIngressConfig = {
  publicPorts: integerListParam(
    "TCP ports that may accept traffic from anywhere (the scoring load balancer)",
    [443],
  ),
};

interface IngressRule {
  readonly protocol?: string;
  readonly port?: number;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly v4CidrBlocks?: readonly string[];
  readonly v6CidrBlocks?: readonly string[];
}

function portsText(rule: IngressRule): string {
  if (rule.port !== undefined && rule.port >= 0) return String(rule.port);
  if (rule.fromPort !== undefined || rule.toPort !== undefined)
    return `${rule.fromPort ?? 0}-${rule.toPort ?? 65535}`;
  return "all ports";
}

/** The single port a rule opens, or undefined when it opens a range or everything. */
function singlePort(rule: IngressRule): number | undefined {
  if (rule.port !== undefined && rule.port >= 0) return rule.port;
  if (rule.fromPort !== undefined && rule.fromPort === rule.toPort) return rule.fromPort;
  return undefined;
}

export const noPublicIngress: ResourceValidationPolicy = {
  name: "network-no-public-ingress",
  description:
    "Security groups accept traffic from the world (0.0.0.0/0 in any form, e.g. 0.0.0.0/1 + 128.0.0.0/1) only on " +
    "the configured public ports (on AWS also standalone ingress rules, and EKS node groups' SSH remote access).",
  severity: "critical",
  configSchema: configSchemaOf(publicIngressConfig),
  validateResource: [
    validateResourceOfType(yandex.VpcSecurityGroup, (group, args, report) => {
      const { publicPorts } = configValues(publicIngressConfig, args);
      (group.ingresses ?? []).forEach((rule: IngressRule, i) => {
        const world = worldReach([...(rule.v4CidrBlocks ?? []), ...(rule.v6CidrBlocks ?? [])]);
        if (world.length === 0) return;
        const port = singlePort(rule);
        const allowed =
          rule.protocol?.toUpperCase() === "TCP" && port !== undefined && publicPorts.includes(port);
        if (!allowed) {
          const may = publicPorts.length > 0 ? `only TCP ${publicPorts.join(", ")} may be` : "no port may be";
          report(
            `ingresses[${i}] (${rule.protocol ?? "ANY"} ${portsText(rule)}) is open to the world (${world.join(", ")}); ` +
              `${may} public`,
          );
        }
      });
    }),
    ...awsPublicIngress((args) => configValues(publicIngressConfig, args).publicPorts),
  ],
};

const loadBalancerConfig = {
  servicePattern: stringParam(
    "Regular expression over the names of the Services that may be public",
    "^scoring-serve$",
  ),
  publicPorts: integerListParam("Ports a public Service may expose", [443]),
};

/** Yandex cloud controller annotation that makes a LoadBalancer Service an internal (VPC-only) balancer. */
export const INTERNAL_LB_ANNOTATION = "yandex.cloud/load-balancer-type";
/** The same on EKS: the in-tree AWS controller's switch (the AWS Load Balancer Controller honours it too). */
export const AWS_INTERNAL_LB_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";
/** The AWS Load Balancer Controller's own form. */
const AWS_LB_SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";

/** True when the annotations make a LoadBalancer Service internal, on either cloud. */
export function isInternalLoadBalancer(annotations: Readonly<Record<string, string>> | undefined): boolean {
  return (
    annotations?.[INTERNAL_LB_ANNOTATION] === "internal" ||
    annotations?.[AWS_INTERNAL_LB_ANNOTATION] === "true" ||
    annotations?.[AWS_LB_SCHEME_ANNOTATION] === "internal"
  );
}

/** The internal-balancer setting to name in a message: AWS's when the Service already uses AWS load balancer annotations. */
export function internalLoadBalancerSetting(
  annotations: Readonly<Record<string, string>> | undefined,
): string {
  const aws = Object.keys(annotations ?? {}).some((k) =>
    k.startsWith("service.beta.kubernetes.io/aws-load-balancer-"),
  );
  return aws ? `${AWS_INTERNAL_LB_ANNOTATION}: "true"` : `${INTERNAL_LB_ANNOTATION}: internal`;
}

interface NetworkPolicyProps {
  readonly metadata?: { readonly name?: string };
  readonly spec?: {
    readonly ingress?: ReadonlyArray<{
      readonly from?: ReadonlyArray<{ readonly ipBlock?: { readonly cidr?: string } }>;
    }>;
    readonly egress?: ReadonlyArray<{
      readonly to?: ReadonlyArray<{ readonly ipBlock?: { readonly cidr?: string } }>;
    }>;
  };
}

export const networkPolicyNoWorld: ResourceValidationPolicy = {
  name: "k8s-network-policy-no-world",
  description: "NetworkPolicies admit named networks, never the whole world (ipBlock 0.0.0.0/0 in any form).",
  severity: "high",
  validateResource: ownedObjectsOnly(
    validateTypes<NetworkPolicyProps>(K8S.networkPolicy, (policy, args, report) => {
      const name = policy.metadata?.name ?? args.name;
      const check = (direction: string, rules: ReadonlyArray<{ from?: unknown; to?: unknown }> | undefined) =>
        (rules ?? []).forEach((rule, i) => {
          const peers = ((direction === "ingress" ? rule.from : rule.to) ?? []) as ReadonlyArray<{
            ipBlock?: { cidr?: string };
          }>;
          const world = worldReach(peers.flatMap((p) => (p.ipBlock?.cidr ? [p.ipBlock.cidr] : [])));
          if (world.length > 0) {
            report(`NetworkPolicy "${name}" ${direction}[${i}] admits the world (${world.join(", ")})`);
          }
        });
      check("ingress", policy.spec?.ingress);
      check("egress", policy.spec?.egress);
    }),
  ),
};

interface ServiceProps {
  readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> };
  readonly spec?: { readonly type?: string; readonly ports?: readonly { readonly port?: number }[] };
}

export const onlyScoringIsPublic: ResourceValidationPolicy = {
  name: "network-public-services",
  description: "Only the scoring API is exposed through a load balancer, and only on its public port.",
  severity: "high",
  configSchema: configSchemaOf(loadBalancerConfig),
  validateResource: ownedObjectsOnly(
    validateTypes<ServiceProps>(K8S.service, (service, args, report) => {
      const type = service.spec?.type;
      if (type !== "LoadBalancer" && type !== "NodePort") return;
      if (type === "LoadBalancer" && isInternalLoadBalancer(service.metadata?.annotations)) return;
      const { servicePattern, publicPorts } = configValues(loadBalancerConfig, args);
      const name = service.metadata?.name ?? args.name;
      if (!new RegExp(servicePattern).test(name)) {
        report(`Service "${name}" of type ${type} exposes a workload that must stay internal: use ClusterIP`);
        return;
      }
      const extra = (service.spec?.ports ?? [])
        .map((p) => p.port)
        .filter((p) => !publicPorts.includes(p ?? -1));
      if (extra.length > 0) {
        report(
          `Service "${name}" exposes port(s) ${extra.join(", ")}; only ${publicPorts.join(", ")} may be public`,
        );
      }
    }),
  ),
};

export const networkPolicies = [noPublicIngress, onlyScoringIsPublic, networkPolicyNoWorld];
