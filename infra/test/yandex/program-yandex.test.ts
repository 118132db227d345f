/**
 * Every Yandex resource the program declares for dev and prod, judged by the provider's own schema
 * (through the generated model) and then by the provider binary itself (`tofu validate`), plus the
 * versions the managed services accept and content hashes on uploads.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { CapturedResource, CaptureResult, StackName } from "../../testing/capture";
import { describeDiagnostics, TofuWorkspace } from "../../testing/tofu";
import { KAFKA_VERSIONS, KUBERNETES_VERSIONS, VALKEY_VERSIONS } from "../../config/versions";
import * as yandex from "../../yandex";
import { providerRequirement, renderTerraformConfiguration } from "../../yandex/terraform-json";
import { captureBoth, clone, ofType, one, tokenOf } from "../helpers";

jest.setTimeout(180_000);

let stacks: Record<StackName, CaptureResult>;
let tofu: TofuWorkspace;

beforeAll(async () => {
  stacks = await captureBoth();
  tofu = await TofuWorkspace.create(JSON.stringify(providerRequirement()));
});
afterAll(() => tofu?.remove());

const yandexResources = (stack: StackName): CapturedResource[] =>
  stacks[stack].resources.filter((r) => r.type.startsWith("yandex:"));

async function tofuProblems(resources: readonly CapturedResource[]): Promise<string[]> {
  return describeDiagnostics(await tofu.validate(renderTerraformConfiguration(resources)));
}

describe.each<StackName>(["dev", "prod"])("%s stack", (stack) => {
  it("declares only resource types the generated bindings know", () => {
    const known = new Set(Object.values(yandex).map((v) => (v as { __pulumiType?: string }).__pulumiType));
    expect(
      yandexResources(stack)
        .filter((r) => !known.has(r.type))
        .map((r) => r.type),
    ).toEqual([]);
    expect(yandexResources(stack).length).toBeGreaterThan(50);
  });

  it("passes every input through the provider's schema: names, types, required, cardinality, secrets", () => {
    const problems = yandexResources(stack).flatMap((r) =>
      yandex.validateYandexInputs(r).map((p) => `${r.name}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it("is accepted by the provider's own validation (tofu validate), warnings included", async () => {
    expect(await tofuProblems(yandexResources(stack))).toEqual([]);
  });

  it("asks for versions the managed services accept", () => {
    const c = (type: unknown, name: string) => one(yandexResources(stack), tokenOf(type), name).inputs;
    expect(KAFKA_VERSIONS.values).toContain(
      (c(yandex.MdbKafkaCluster, "kafka-cluster").config as { version: string }).version,
    );
    expect(VALKEY_VERSIONS.values).toContain(
      (c(yandex.MdbRedisCluster, "redis-cluster").config as { version: string }).version,
    );
    const k8sVersions = [
      (c(yandex.KubernetesCluster, "kubernetes-cluster").master as { version: string }).version,
      ...ofType(yandexResources(stack), tokenOf(yandex.KubernetesNodeGroup)).map((g) => g.inputs.version),
    ];
    expect(k8sVersions.every((v) => (KUBERNETES_VERSIONS.values as readonly unknown[]).includes(v))).toBe(
      true,
    );
    // KRaft: Kafka 4.x has no ZooKeeper; the brokers are the controllers (combined mode).
    expect(c(yandex.MdbKafkaCluster, "kafka-cluster").config).not.toHaveProperty("zookeeper");
  });

  it("hashes the content of every uploaded object, so an edited file is uploaded again", () => {
    const objects = ofType(yandexResources(stack), tokenOf(yandex.StorageObject));
    expect(objects.length).toBeGreaterThanOrEqual(4);
    for (const o of objects) {
      const bytes =
        typeof o.inputs.source === "string"
          ? readFileSync(o.inputs.source)
          : Buffer.from(o.inputs.contentBase64 as string, "base64");
      expect({ name: o.name, sourceHash: o.inputs.sourceHash }).toEqual({
        name: o.name,
        sourceHash: createHash("sha256").update(bytes).digest("hex"),
      });
    }
  });
});

describe("the provider's validation catches broken variants and names the resource", () => {
  const variant = (name: string, edit: (inputs: Record<string, unknown>) => void): CapturedResource[] =>
    yandexResources("dev").map((r) => {
      if (r.name !== name) return r;
      const inputs = clone(r.inputs);
      edit(inputs);
      return { ...r, inputs };
    });

  it.each<[string, string, (inputs: Record<string, unknown>) => void, string]>([
    [
      "a misspelled argument",
      "network-k8s-ru-central1-a",
      (i) => {
        i.v4CidrBlock = i.v4CidrBlocks;
        delete i.v4CidrBlocks;
      },
      'error: network-k8s-ru-central1-a (yandex_vpc_subnet.network-k8s-ru-central1-a): Extraneous JSON object property: No argument or block type is named "v4_cidr_block".',
    ],
    [
      "a missing required block",
      "kafka-cluster",
      (i) => delete i.config,
      'error: kafka-cluster (yandex_mdb_kafka_cluster.kafka-cluster): Insufficient config blocks: At least 1 "config" blocks are required.',
    ],
    [
      "a nested attribute (plugin framework) missing a required field",
      "airflow-cluster",
      (i) => delete (i.worker as Record<string, unknown>).maxCount,
      'error: airflow-cluster (yandex_airflow_cluster.airflow-cluster): Incorrect attribute value type: Inappropriate value for attribute "worker": attribute "max_count" is required.',
    ],
    [
      "a value the provider's validator refuses",
      "storage-kms",
      (i) => (i.defaultAlgorithm = "ROT13"),
      "error: storage-kms (yandex_kms_symmetric_key.storage-kms): Invalid Attribute Value Match:",
    ],
  ])("%s", async (_title, name, edit, expected) => {
    const problems = await tofuProblems(variant(name, edit));
    expect(problems.filter((p) => p.includes(expected))).toHaveLength(1);
    expect(problems.filter((p) => !p.startsWith(`error: ${name} (`))).toEqual([]);
  });

  it("the schema check rejects the same misspelling and missing block before tofu runs", () => {
    const check = (resources: CapturedResource[], name: string) =>
      yandex.validateYandexInputs(resources.find((r) => r.name === name) as CapturedResource);
    expect(
      check(
        variant("network-k8s-ru-central1-a", (i) => (i.v4CidrBlock = ["10.0.0.0/24"])),
        "network-k8s-ru-central1-a",
      ),
    ).toEqual(["unknown input property 'v4CidrBlock'"]);
    expect(
      check(
        variant("kafka-cluster", (i) => delete i.config),
        "kafka-cluster",
      ),
    ).toEqual(["missing required block 'config'"]);
  });
});
