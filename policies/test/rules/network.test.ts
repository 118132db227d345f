import * as yandex from "@antifraud/infra/yandex";
import { K8S } from "../../src/lib/kubernetes-types";
import fc from "fast-check";
import { worldReach } from "../../src/lib/world-cidrs";
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
      ["ingresses[0] (TCP 22) is open to the world (0.0.0.0/0); only TCP 30080 may be public"],
    ],
    [
      "every port from anywhere over IPv6",
      [{ protocol: "ANY", fromPort: 0, toPort: 65535, v6CidrBlocks: ["::/0"] }],
      ["ingresses[0] (ANY 0-65535) is open to the world (::/0); only TCP 30080 may be public"],
    ],
    [
      "the allowed port over UDP",
      [{ protocol: "UDP", port: 30080, v4CidrBlocks: ["0.0.0.0/0"] }],
      ["ingresses[0] (UDP 30080) is open to the world (0.0.0.0/0); only TCP 30080 may be public"],
    ],
    [
      "a range around the allowed port",
      [{ protocol: "TCP", fromPort: 30000, toPort: 32767, v4CidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }],
      [
        "ingresses[0] (TCP 30000-32767) is open to the world (10.0.0.0/8, 0.0.0.0/0); only TCP 30080 may be public",
      ],
    ],
    [
      "the world as two halves",
      [{ protocol: "TCP", port: 22, v4CidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }],
      [
        `ingresses[0] (TCP 22) is open to the world (0.0.0.0/1, 128.0.0.0/1); ${"only TCP 30080 may be public"}`,
      ],
    ],
    [
      "the world as a host address with prefix 0",
      [{ protocol: "TCP", port: 22, v4CidrBlocks: ["10.1.2.3/0"] }],
      [`ingresses[0] (TCP 22) is open to the world (10.1.2.3/0); ${"only TCP 30080 may be public"}`],
    ],
    [
      "the private ranges together (not the world)",
      [{ protocol: "TCP", port: 22, v4CidrBlocks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] }],
      [],
    ],
  ])("%s", async (_case, ingresses, expected) => {
    expect(await messagesOf(noPublicIngress, [group(ingresses)], settings)).toEqual(expected);
  });

  it("with no public port configured, even the node port may not be world-open", async () => {
    const open = group([{ protocol: "TCP", port: 30080, v4CidrBlocks: ["0.0.0.0/0"] }]);
    expect(await messagesOf(noPublicIngress, [open], { publicPorts: [] })).toEqual([
      "ingresses[0] (TCP 30080) is open to the world (0.0.0.0/0); no port may be public",
    ]);
  });
});

describe("worldReach (property)", () => {
  it("a list covers the world exactly when its union is at least half of IPv4", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })), {
          maxLength: 6,
        }),
        (blocks) => {
          const texts = blocks.map(
            ([a, p]) => `${[24, 16, 8, 0].map((s) => (a >>> s) & 255).join(".")}/${p}`,
          );
          const covered = new Set<number>();
          // Count /8-granular coverage by brute force on the 256 top-level blocks (prefixes <= 8 only).
          const coarse = blocks.every(([, p]) => p <= 8);
          if (!coarse) return;
          for (const [a, p] of blocks) {
            const size = 2 ** (8 - p);
            const start = Math.floor((a >>> 24) / size) * size;
            for (let i = start; i < start + size; i++) covered.add(i);
          }
          expect(worldReach(texts).length > 0).toBe(covered.size >= 128);
        },
      ),
    );
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
