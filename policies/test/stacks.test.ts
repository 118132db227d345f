/**
 * The pack against the Pulumi program run under the mock engine: both stacks pass with their
 * checked-in policy config, the config mirrors the stack settings, and the cost policy's
 * estimate (rebuilt from resource properties) equals the program's own (built from config).
 */
import type { CostReport } from "@antifraud/infra/config";
import { estimateMonthlyCost } from "@antifraud/infra/cost";
import { costInputsFromResources } from "../src/cost/inputs-from-resources";
import { evaluatePolicies } from "../src/evaluate";
import { loadPackConfig, resolvePackConfig } from "../src/pack-config";
import { policies } from "../src/policies";
import { captured, stackSetting } from "./stack-fixtures";

const STACKS = ["dev", "prod"] as const;

beforeAll(async () => {
  await Promise.all(STACKS.map((s) => captured(s)));
}, 60_000);

describe.each(STACKS)("%s stack", (stack) => {
  it("passes every policy with its checked-in config (no violation at any level)", async () => {
    const { resources } = await captured(stack);
    expect(await evaluatePolicies(resources, { stack })).toEqual([]);
  });

  it("runs every policy at the stack's enforcement level", () => {
    const levels = new Set(
      [...resolvePackConfig(policies, loadPackConfig(stack)).values()].map((c) => c.enforcementLevel),
    );
    expect([...levels]).toEqual([stack === "prod" ? "mandatory" : "advisory"]);
  });

  it("prices the declared resources exactly as the program prices its config", async () => {
    const { resources, outputs } = await captured(stack);
    const cost = loadPackConfig(stack)["cost-within-budget"] as {
      bucketVolumesGb: Record<string, number>;
      registryGb: number;
    };
    const declared = resources.map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
    const recomputed = estimateMonthlyCost(costInputsFromResources(declared, cost));
    const report = outputs.costEstimate as CostReport;
    expect(recomputed.total).toEqual(report.total);
    expect(recomputed.components.map((c) => [c.component, c.min, c.max])).toEqual(
      report.components.map((c) => [c.component, c.min, c.max]),
    );
  });

  it("mirrors the stack settings in the policy config", () => {
    const config = loadPackConfig(stack) as Record<string, Record<string, unknown>>;
    const budget = stackSetting<{ monthlyLimit: number }>(stack, "antifraud:budget");
    const aws = stackSetting<{ budget: { monthlyLimit: number } }>(stack, "antifraud:aws");
    const volumes = stackSetting<Record<string, number>>(stack, "antifraud:storage")
      .volumesGb as unknown as Record<string, number>;
    const scoring = stackSetting<{
      nodePort: number;
      loadBalancerPort: number;
      publicEndpoint: boolean;
      podDisruptionBudget: boolean;
      serve: { minReplicas: number };
    }>(stack, "antifraud:scoring");
    const kafka = stackSetting<{ replicationFactor: number; minInsyncReplicas: number }>(
      stack,
      "antifraud:kafka",
    );
    const { registry, ...buckets } = volumes;
    expect(config["cost-within-budget"]).toEqual({
      monthlyBudget: budget.monthlyLimit,
      awsMonthlyBudget: aws.budget.monthlyLimit,
      bucketVolumesGb: buckets,
      registryGb: registry,
    });
    expect(config["network-no-public-ingress"]).toEqual({
      publicPorts: scoring.publicEndpoint ? [scoring.nodePort] : [],
    });
    expect(config["network-public-services"]).toEqual({
      publicPorts: scoring.publicEndpoint ? [scoring.loadBalancerPort] : [],
    });
    expect(config["k8s-private-api"]).toEqual({
      allowPublicApi: stackSetting<{ publicApi: boolean }>(stack, "antifraud:kubernetes").publicApi,
    });
    expect(config["kafka-replication"]).toEqual({
      minReplicationFactor: kafka.replicationFactor,
      minInsyncReplicas: kafka.minInsyncReplicas,
    });
    expect(config["k8s-min-replicas"]).toEqual({ minReplicas: scoring.serve.minReplicas });
    expect(config["k8s-disruption-budget"]).toEqual({ required: scoring.podDisruptionBudget });
    expect(config["labels-required"]).toEqual({
      environment: stackSetting<string>(stack, "antifraud:environment"),
    });
  });
});

describe("policy pack config validation", () => {
  it.each([
    [{ "no-such-policy": "mandatory" }, 'invalid policy pack config: unknown policy "no-such-policy"'],
    [{ all: "strict" }, 'invalid policy pack config: "all" must be an enforcement level'],
    [
      { "k8s-min-replicas": { minReplica: 2 } },
      'invalid policy pack config: k8s-min-replicas: unknown config property "minReplica"',
    ],
    [
      { "k8s-min-replicas": { minReplicas: "2" } },
      'invalid policy pack config: k8s-min-replicas.minReplicas: "2" is not of type integer',
    ],
    [
      { "cost-within-budget": { bucketVolumesGb: { raw: "50" } } },
      'invalid policy pack config: cost-within-budget.bucketVolumesGb: {"raw":"50"} is not of type object',
    ],
  ])("rejects %j", (file, message) => {
    expect(() => resolvePackConfig(policies, file as never)).toThrow(message);
  });

  it("resolves levels as policy entry > all > pack default and fills schema defaults", () => {
    const resolved = resolvePackConfig(policies, {
      all: "mandatory",
      "redis-tls": "advisory",
      "k8s-min-replicas": {},
    });
    expect(resolved.get("redis-tls")?.enforcementLevel).toBe("advisory");
    expect(resolved.get("kafka-replication")).toEqual({
      enforcementLevel: "mandatory",
      properties: { minReplicationFactor: 3, minInsyncReplicas: 2 },
    });
    expect(resolvePackConfig(policies, {}).get("k8s-min-replicas")).toEqual({
      enforcementLevel: "advisory",
      properties: { minReplicas: 2 },
    });
  });
});
