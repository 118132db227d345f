import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type Port = k8s.types.input.networking.v1.NetworkPolicyPort;

export interface WorkloadTraffic {
  /** Pod labels of the workload. */
  readonly podLabels: Record<string, string>;
  /** Named container ports: the API (from clients), /metrics (from Prometheus), probes (from nodes). */
  readonly apiPort?: number;
  readonly metricsPort: number;
  readonly healthPort: number;
  /** Whether the workload talks to Kafka. */
  readonly kafka: boolean;
  /** Whether it reads the feature stores (Redis, Object Storage): the scorers do, the quality consumer not. */
  readonly featureStores: boolean;
}

export interface PlatformNetworkPoliciesArgs {
  readonly namespace: pulumi.Input<string>;
  readonly workloads: Record<string, WorkloadTraffic>;
  /** Networks allowed to call the API (the load balancer keeps client addresses). */
  readonly clientCidrs: readonly string[];
  /** Node subnets: the kubelet probes pods from the node's address. */
  readonly nodeCidrs: readonly string[];
  /** Namespace and pod labels of Prometheus. */
  readonly prometheus: { namespace: string; podLabels: Record<string, string> };
  readonly kafka: { cidrs: readonly string[]; port: number };
  readonly redis: { cidrs: readonly string[]; ports: readonly number[] };
  readonly objectStorageCidrs: readonly string[];
}

export const tcp = (port: number): Port => ({ protocol: "TCP", port });
export const cidrs = (list: readonly string[]): Peer[] => list.map((cidr) => ({ ipBlock: { cidr } }));

/** Egress to the cluster's DNS (kube-dns in kube-system), which every pod needs. */
export const DNS_EGRESS: k8s.types.input.networking.v1.NetworkPolicyEgressRule = {
  to: [
    {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
      podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
    },
  ],
  ports: [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ],
};

/**
 * Default-deny for every pod of the platform namespace, then one allow policy per workload: the API
 * from the client networks, /metrics from Prometheus, the probes from the nodes; egress to DNS,
 * Redis and Object Storage (the scorers), Kafka (the stream worker and the quality consumer), and
 * nothing else.
 */
export class PlatformNetworkPolicies extends pulumi.ComponentResource {
  constructor(name: string, args: PlatformNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:network:PlatformNetworkPolicies", name, {}, opts);
    if (args.clientCidrs.length === 0) throw new Error(`${name}: clientCidrs must not be empty`);
    const child = { parent: this };

    new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      {
        metadata: { name: "default-deny", namespace: args.namespace },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      },
      child,
    );

    const prometheus: Peer = {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.prometheus.namespace } },
      podSelector: { matchLabels: args.prometheus.podLabels },
    };

    for (const [workload, w] of Object.entries(args.workloads)) {
      const ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[] = [
        ...(w.apiPort === undefined ? [] : [{ from: cidrs(args.clientCidrs), ports: [tcp(w.apiPort)] }]),
        { from: [prometheus], ports: [tcp(w.metricsPort)] },
        { from: cidrs(args.nodeCidrs), ports: [tcp(w.healthPort)] },
      ];
      const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [
        DNS_EGRESS,
        ...(w.featureStores
          ? [
              { to: cidrs(args.redis.cidrs), ports: args.redis.ports.map(tcp) },
              { to: cidrs(args.objectStorageCidrs), ports: [tcp(443)] },
            ]
          : []),
        ...(w.kafka ? [{ to: cidrs(args.kafka.cidrs), ports: [tcp(args.kafka.port)] }] : []),
      ];
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${workload}`,
        {
          metadata: { name: `allow-${workload}`, namespace: args.namespace },
          spec: {
            podSelector: { matchLabels: w.podLabels },
            policyTypes: ["Ingress", "Egress"],
            ingress,
            egress,
          },
        },
        child,
      );
    }
    this.registerOutputs({});
  }
}
