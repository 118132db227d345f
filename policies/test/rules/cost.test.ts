import * as yandex from "@antifraud/infra/yandex";
import { CostInputsError, costInputsFromResources } from "../../src/cost/inputs-from-resources";
import { K8S } from "../../src/lib/kubernetes-types";
import { costWithinBudget } from "../../src/rules/cost";
import { messagesOf, resource } from "../helpers";

const platform = [
  resource(yandex.StorageBucket.__pulumiType, "storage-raw", {
    lifecycleRules: [
      { enabled: true, expiration: { days: 30 }, transitions: [{ days: 6, storageClass: "COLD" }] },
    ],
  }),
  resource(yandex.StorageBucket.__pulumiType, "storage-models", {}),
  resource(yandex.DataprocCluster.__pulumiType, "spark-cluster", {
    clusterConfig: {
      subclusterSpecs: [
        {
          name: "masternode",
          role: "MASTERNODE",
          hostsCount: 1,
          resources: { resourcePresetId: "s3-c2-m8", diskSize: 40, diskTypeId: "network-ssd" },
        },
        {
          name: "computenode",
          role: "COMPUTENODE",
          hostsCount: 1,
          resources: { resourcePresetId: "s3-c4-m16", diskSize: 64 },
          autoscalingConfig: { maxHostsCount: 5, preemptible: true },
        },
      ],
    },
  }),
  resource(yandex.MdbKafkaCluster.__pulumiType, "kafka", {
    config: {
      zones: ["ru-central1-a", "ru-central1-b", "ru-central1-d"],
      brokersCount: 2,
      kafka: { resources: { resourcePresetId: "s3-c2-m8", diskSize: 100, diskTypeId: "network-ssd" } },
    },
  }),
  resource(yandex.MdbRedisCluster.__pulumiType, "redis", {
    hosts: [{ zone: "ru-central1-a" }, { zone: "ru-central1-b" }],
    resources: { resourcePresetId: "hm3-c2-m8", diskSize: 16, diskTypeId: "network-ssd" },
  }),
  resource(yandex.AirflowCluster.__pulumiType, "airflow", {
    webserver: { count: 1, resourcePresetId: "c1-m4" },
    scheduler: { count: 2, resourcePresetId: "c2-m8" },
    worker: { minCount: 1, maxCount: 3, resourcePresetId: "c4-m16" },
  }),
  resource(yandex.MdbPostgresqlCluster.__pulumiType, "postgresql", {
    config: { resources: { resourcePresetId: "s3-c2-m8", diskSize: 20, diskTypeId: "network-ssd" } },
    hosts: [{ zone: "ru-central1-a" }, { zone: "ru-central1-b" }, { zone: "ru-central1-d" }],
  }),
  resource(yandex.KubernetesCluster.__pulumiType, "k8s", {
    master: { regional: { region: "ru-central1" }, publicIp: true },
  }),
  resource(yandex.KubernetesNodeGroup.__pulumiType, "nodes-a", {
    instanceTemplate: {
      resources: { cores: 4, memory: 16, coreFraction: 100 },
      bootDisk: { type: "network-hdd", size: 64 },
    },
    scalePolicy: { fixedScale: { size: 3 } },
  }),
  resource(yandex.VpcGateway.__pulumiType, "nat", {}),
  resource(K8S.service, "api", { spec: { type: "LoadBalancer" } }),
  resource(K8S.service, "grafana", {
    metadata: { annotations: { "yandex.cloud/load-balancer-type": "internal" } },
    spec: { type: "LoadBalancer" },
  }),
].map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
const usage = { bucketVolumesGb: { raw: 100, models: 4 }, registryGb: 3 };

describe("costInputsFromResources", () => {
  const inputs = costInputsFromResources(platform, usage);

  it("splits a bucket with a COLD transition by its own lifecycle and prices the rest as STANDARD", () => {
    expect(inputs.objectStorage.buckets).toEqual([
      { name: "raw (standard)", storageClass: "STANDARD", sizeGb: 20 },
      { name: "raw (cold)", storageClass: "COLD", sizeGb: 80 },
      { name: "models", storageClass: "STANDARD", sizeGb: 4 },
    ]);
  });

  it("reads hosts, disks and autoscaling ceilings from the declared clusters", () => {
    expect(inputs.spark.subclusters).toEqual([
      {
        name: "masternode",
        role: "MASTERNODE",
        resourcePresetId: "s3-c2-m8",
        disk: { type: "network-ssd", sizeGb: 40 },
        hostsMin: 1,
        hostsMax: 1,
        preemptible: false,
      },
      {
        name: "computenode",
        role: "COMPUTENODE",
        resourcePresetId: "s3-c4-m16",
        disk: { type: "network-hdd", sizeGb: 64 },
        hostsMin: 1,
        hostsMax: 5,
        preemptible: true,
      },
    ]);
    expect(inputs.kafka).toEqual({
      brokerPresetId: "s3-c2-m8",
      zones: 3,
      brokersPerZone: 2,
      disk: { type: "network-ssd", sizeGb: 100 },
    });
    expect(inputs.redis).toEqual({
      resourcePresetId: "hm3-c2-m8",
      hosts: 2,
      disk: { type: "network-ssd", sizeGb: 16 },
    });
    expect(inputs.airflow).toEqual({
      webserver: { presetId: "c1-m4", countMin: 1, countMax: 1 },
      scheduler: { presetId: "c2-m8", countMin: 2, countMax: 2 },
      worker: { presetId: "c4-m16", countMin: 1, countMax: 3 },
    });
    expect(inputs.postgresql).toEqual({
      resourcePresetId: "s3-c2-m8",
      hosts: 3,
      disk: { type: "network-ssd", sizeGb: 20 },
    });
    expect(inputs.kubernetes).toEqual({
      master: "regional",
      nodeGroups: [
        {
          name: "nodes-a",
          cores: 4,
          memoryGb: 16,
          coreFraction: 100,
          nodesMin: 3,
          nodesMax: 3,
          bootDisk: { type: "network-hdd", sizeGb: 64 },
          preemptible: false,
        },
      ],
    });
  });

  it("counts the NAT gateway, the public API address and only external load balancers", () => {
    expect(inputs.network).toEqual({ natGateways: 1, publicIps: 1, loadBalancers: 1 });
    expect(inputs.containerRegistry).toEqual({ storageGb: 3 });
  });

  it("refuses a stack without its one Airflow or PostgreSQL cluster", () => {
    const without = (type: string) => platform.filter((r) => r.type !== type);
    expect(() => costInputsFromResources(without(yandex.AirflowCluster.__pulumiType), usage)).toThrow(
      new CostInputsError("expected one Airflow cluster, found 0"),
    );
    expect(() => costInputsFromResources(without(yandex.MdbPostgresqlCluster.__pulumiType), usage)).toThrow(
      new CostInputsError("expected one PostgreSQL cluster, found 0"),
    );
  });

  it("refuses a bucket with no expected volume", () => {
    expect(() => costInputsFromResources(platform, { ...usage, bucketVolumesGb: { raw: 100 } })).toThrow(
      new CostInputsError(
        'no expected volume for bucket "storage-models": add bucketVolumesGb.<suffix> to the cost policy config',
      ),
    );
  });
});

describe("cost-within-budget", () => {
  const stack = platform.map((r) => resource(r.type, r.name, r.props));
  it("passes under the budget and fails over it with both ends of the range", async () => {
    expect(await messagesOf(costWithinBudget, stack, { ...usage, monthlyBudget: 1_000_000 })).toEqual([]);
    const [message] = await messagesOf(costWithinBudget, stack, { ...usage, monthlyBudget: 1000 });
    expect(message).toMatch(
      /^estimated monthly cost [\d,.]+ RUB at maximum autoscaling \([\d,.]+ at minimum\) exceeds the budget of 1,000 RUB$/,
    );
  });

  it("fails closed without a budget or with an unpriceable preset", async () => {
    expect(await messagesOf(costWithinBudget, stack, usage)).toEqual([
      "no monthlyBudget configured for this stack: set cost-within-budget.monthlyBudget in the policy pack config",
    ]);
    const odd = stack.map((r) =>
      r.name === "redis"
        ? resource(r.type, r.name, { ...r.inputs, resources: { resourcePresetId: "x9-c1-m1", diskSize: 1 } })
        : r,
    );
    const [message] = await messagesOf(costWithinBudget, odd, { ...usage, monthlyBudget: 1_000_000 });
    expect(message).toMatch(/^cannot price the stack: unknown resource preset 'x9-c1-m1'/);
  });
});
