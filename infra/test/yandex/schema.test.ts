import type { SchemaProperty } from "../../yandex/schema-model";
import { loadSchema, resolveRef, tokenName } from "../../yandex/schema-model";
import * as bindings from "../../yandex";

const schema = loadSchema();
const resources = Object.entries(schema.resources);

function walk(p: SchemaProperty, visit: (p: SchemaProperty) => void): void {
  visit(p);
  if (p.items) walk(p.items, visit);
  if (p.additionalProperties) walk(p.additionalProperties, visit);
}

function allProperties(): [string, SchemaProperty][] {
  const out: [string, SchemaProperty][] = [];
  for (const [name, r] of resources) {
    for (const [k, p] of Object.entries(r.inputProperties)) out.push([`${name}.inputs.${k}`, p]);
    for (const [k, p] of Object.entries(r.outputProperties)) out.push([`${name}.outputs.${k}`, p]);
  }
  for (const [token, t] of Object.entries(schema.types)) {
    for (const [k, p] of Object.entries(t.properties ?? {})) out.push([`${token}.${k}`, p]);
  }
  return out;
}

describe("schema.json sanity", () => {
  it.each(resources)("%s: every required input is a declared input", (_name, r) => {
    const missing = r.requiredInputs.filter((k) => !(k in r.inputProperties));
    expect(missing).toEqual([]);
  });

  it.each(resources)(
    "%s: every required output is a declared output and every input is also an output",
    (_n, r) => {
      expect(r.requiredOutputs.filter((k) => !(k in r.outputProperties))).toEqual([]);
      expect(Object.keys(r.inputProperties).filter((k) => !(k in r.outputProperties))).toEqual([]);
    },
  );

  it("declares required fields of nested types among their properties", () => {
    const bad = Object.entries(schema.types).flatMap(([token, t]) =>
      [...(t.required ?? []), ...(t.requiredOutputs ?? [])]
        .filter((k) => !(k in (t.properties ?? {})))
        .map((k) => `${token}.${k}`),
    );
    expect(bad).toEqual([]);
  });

  it("resolves every $ref and gives every leaf a known type", () => {
    const problems: string[] = [];
    for (const [where, p] of allProperties()) {
      walk(p, (q) => {
        if (q.$ref) {
          try {
            resolveRef(schema, q.$ref);
          } catch (e) {
            problems.push(`${where}: ${(e as Error).message}`);
          }
        } else if (!["string", "integer", "number", "boolean", "array", "object"].includes(q.type ?? "")) {
          problems.push(`${where}: no type`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it("uses tokens of the form yandex:index/<camelName>:<Name> matching the resource key", () => {
    for (const [name, r] of resources) {
      const camel = name.charAt(0).toLowerCase() + name.slice(1);
      expect(r.token).toBe(`yandex:index/${camel}:${name}`);
      expect(tokenName(r.token)).toBe(name);
    }
  });

  it("holds the resources the platform needs, including the ones added on top of 0.13", () => {
    for (const name of [
      "VpcGateway",
      "MdbKafkaUser",
      "MdbKafkaTopic",
      "MdbRedisCluster",
      "ContainerRegistry",
      "ContainerRegistryIamBinding",
      "KmsSymmetricKeyIamBinding",
      "IamServiceAccountKey",
    ]) {
      expect(schema.resources[name]).toBeDefined();
    }
    const staticRoute = schema.types["yandex:index/VpcRouteTableStaticRoute:VpcRouteTableStaticRoute"];
    expect(Object.keys(staticRoute?.properties ?? {}).sort()).toEqual([
      "destinationPrefix",
      "gatewayId",
      "nextHopAddress",
    ]);
    expect(schema.resources.StorageBucket?.inputProperties.anonymousAccessFlags).toBeDefined();
    expect(schema.resources.MdbRedisCluster?.inputProperties.tlsEnabled).toEqual({ type: "boolean" });
    expect(schema.resources.MdbKafkaUser?.requiredInputs).toEqual(["clusterId", "name", "password"]);
    expect(Object.keys(schema.resources.IamServiceAccountKey?.inputProperties ?? {})).toEqual([
      "description",
      "format",
      "keyAlgorithm",
      "pgpKey",
      "serviceAccountId",
    ]);
  });

  it("marks exactly the sensitive properties secret", () => {
    const secrets = allProperties()
      .filter(([, p]) => p.secret)
      .map(([where]) => where)
      .sort();
    expect(secrets).toEqual(
      [
        "IamServiceAccountKey.outputs.privateKey",
        "IamServiceAccountStaticAccessKey.outputs.secretKey",
        "MdbKafkaUser.inputs.password",
        "MdbKafkaUser.outputs.password",
        "StorageBucket.inputs.secretKey",
        "StorageBucket.outputs.secretKey",
        "StorageObject.inputs.secretKey",
        "StorageObject.outputs.secretKey",
        "yandex:index/KubernetesClusterMaster:KubernetesClusterMaster.clusterCaCertificate",
        "yandex:index/MdbKafkaClusterUser:MdbKafkaClusterUser.password",
        "yandex:index/MdbRedisClusterConfig:MdbRedisClusterConfig.password",
      ].sort(),
    );
  });

  it("records provenance: pinned provider, base plugin and a source for every added resource", () => {
    const raw = schema as unknown as {
      provenance: {
        base: { resources: string[] };
        target: Record<string, string>;
        changes: { target: string; source: string }[];
      };
    };
    expect(raw.provenance.target).toMatchObject({
      terraformProvider: "registry.opentofu.org/yandex-cloud/yandex",
      terraformProviderVersion: "0.238.0",
      baseProvider: "terraform-provider",
      baseProviderVersion: "1.1.0",
    });
    const base = new Set(raw.provenance.base.resources);
    expect(base.size).toBe(19);
    for (const [name, r] of resources) {
      if (!base.has(name))
        expect({ name, source: r.source }).toEqual({ name, source: expect.stringMatching(/yandex-cloud/) });
    }
    expect(raw.provenance.changes.every((c) => c.source.includes("terraform-provider-yandex"))).toBe(true);
  });

  it("is what index.ts exports: a constructor per resource", () => {
    for (const [name] of resources) {
      expect(typeof (bindings as Record<string, unknown>)[name]).toBe("function");
    }
  });
});
