import * as yandex from "../../../infra/yandex";
import { K8S } from "../../src/lib/kubernetes-types";
import { noPublicIngress, onlyScoringIsPublic } from "../../src/rules/network";
import { messagesOf, resource } from "../helpers";

const group = (ingresses: Record<string, unknown>[]) =>
  resource(yandex.VpcSecurityGroup.__pulumiType, "sg-nodes", { networkId: "enp1", ingresses });

describe("network-no-public-ingress", () => {
  const settings = { publicPorts: [30080] };
  it.each([
    [
      "the scoring NodePort open to the world",
      [{ protocol: "TCP", port: 30080, v4CidrBlocks: ["0.0.0.0/0"] }],
      [],
    ],
    [
      "a single-port range equal to the allowed port",
      [{ protocol: "TCP", fromPort: 30080, toPort: 30080, v4CidrBlocks: ["0.0.0.0/0"] }],
      [],
    ],
    ["SSH from an admin network", [{ protocol: "TCP", port: 22, v4CidrBlocks: ["203.0.113.0/24"] }], []],
    [
      "health checks by predefined target",
      [{ protocol: "TCP", fromPort: 0, toPort: 65535, predefinedTarget: "loadbalancer_healthchecks" }],
      [],
    ],
    [
      "SSH from anywhere",
      [{ protocol: "TCP", port: 22, v4CidrBlocks: ["0.0.0.0/0"] }],
      [
        "ingresses[0] (TCP 22) is open to 0.0.0.0/0; only TCP 30080 (the scoring load balancer) may be public",
      ],
    ],
    [
      "every port from anywhere over IPv6",
      [{ protocol: "ANY", fromPort: 0, toPort: 65535, v6CidrBlocks: ["::/0"] }],
      [
        "ingresses[0] (ANY 0-65535) is open to ::/0; only TCP 30080 (the scoring load balancer) may be public",
      ],
    ],
    [
      "the allowed port over UDP",
      [{ protocol: "UDP", port: 30080, v4CidrBlocks: ["0.0.0.0/0"] }],
      [
        "ingresses[0] (UDP 30080) is open to 0.0.0.0/0; only TCP 30080 (the scoring load balancer) may be public",
      ],
    ],
    [
      "a range around the allowed port",
      [{ protocol: "TCP", fromPort: 30000, toPort: 32767, v4CidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }],
      [
        "ingresses[0] (TCP 30000-32767) is open to 0.0.0.0/0; only TCP 30080 (the scoring load balancer) may be public",
      ],
    ],
  ])("%s", async (_case, ingresses, expected) => {
    expect(await messagesOf(noPublicIngress, [group(ingresses)], settings)).toEqual(expected);
  });
});

describe("network-public-services", () => {
  const service = (name: string, spec: Record<string, unknown>, urnType: string = K8S.service) =>
    resource(
      K8S.service,
      name,
      { metadata: { name, namespace: "antifraud" }, spec },
      {
        urn: `urn:pulumi:unit::antifraud::${urnType}::${name}`,
      },
    );
  const settings = { publicPorts: [80] };
  it.each([
    [
      "the scoring API load balancer",
      service("scoring-serve", { type: "LoadBalancer", ports: [{ port: 80 }] }),
      [],
    ],
    [
      "an internal ClusterIP service",
      service("scoring-stream", { type: "ClusterIP", ports: [{ port: 9464 }] }),
      [],
    ],
    [
      "another workload behind a load balancer",
      service("redis-proxy", { type: "LoadBalancer", ports: [{ port: 6379 }] }),
      [
        'Service "redis-proxy" of type LoadBalancer exposes a workload that must stay internal: use ClusterIP',
      ],
    ],
    [
      "a NodePort service",
      service("debug", { type: "NodePort", ports: [{ port: 8080 }] }),
      ['Service "debug" of type NodePort exposes a workload that must stay internal: use ClusterIP'],
    ],
    [
      "the scoring API with an extra port",
      service("scoring-serve", { type: "LoadBalancer", ports: [{ port: 80 }, { port: 9464 }] }),
      ['Service "scoring-serve" exposes port(s) 9464; only 80 may be public'],
    ],
    [
      "a chart's Grafana load balancer",
      service(
        "grafana",
        { type: "LoadBalancer", ports: [{ port: 80 }] },
        `${K8S.helmChartV4}$${K8S.service}`,
      ),
      [],
    ],
  ])("%s", async (_case, svc, expected) => {
    expect(await messagesOf(onlyScoringIsPublic, [svc], settings)).toEqual(expected);
  });
});
