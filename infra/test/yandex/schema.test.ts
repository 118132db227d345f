import { committedModel, type Property } from "../../yandex/model";
import provider from "../../yandex/provider.json";
import * as bindings from "../../yandex";

const models = committedModel();

function paths(props: readonly Property[], prefix: string, pick: (p: Property) => boolean): string[] {
  return props.flatMap((p) => [
    ...(pick(p) ? [`${prefix}${p.name}`] : []),
    ...(p.shape.kind === "object" ? paths(p.shape.properties, `${prefix}${p.name}.`, pick) : []),
  ]);
}

describe("the committed provider schema, as the bindings see it", () => {
  it("pins the provider version the schema dump and the shared binary are from", () => {
    expect(provider.terraformProviderVersion).toBe("0.222.0");
    expect(bindings.TERRAFORM_PROVIDER_VERSION).toBe("0.222.0");
    expect(provider.schemaDump).toBe("../shared/reference/yandex/provider-schema-v0.222.0.json");
  });

  it("has one class per resource type, under the bridge's token", () => {
    for (const m of models) {
      const cls = (bindings as Record<string, unknown>)[m.className] as { __pulumiType?: string } | undefined;
      expect({ type: m.tfType, token: cls?.__pulumiType }).toEqual({ type: m.tfType, token: m.token });
    }
  });

  it("marks exactly the provider's sensitive attributes secret", () => {
    const sensitive = models
      .flatMap((m) => paths(m.properties, `${m.className}.`, (p) => p.sensitive))
      .sort();
    expect(sensitive).toEqual([
      "AirflowCluster.adminPassword",
      "AirflowCluster.codeSync.gitSync.sshKey",
      "IamServiceAccountKey.privateKey",
      "IamServiceAccountStaticAccessKey.secretKey",
      "LockboxSecretVersion.entries.textValue",
      "MdbKafkaCluster.users.password",
      "MdbKafkaUser.password",
      "MdbPostgresqlCluster.users.password",
      "MdbPostgresqlUser.password",
      "MdbPostgresqlUser.passwordWo",
      "MdbRedisCluster.config.password",
      "MdbRedisCluster.config.passwordWo",
      "StorageBucket.secretKey",
      "StorageObject.secretKey",
    ]);
  });

  it("knows the shapes the platform relies on: KRaft, gateways, content hashes, Valkey config", () => {
    const prop = (cls: string, dotted: string): Property | undefined => {
      let props = models.find((m) => m.className === cls)?.properties ?? [];
      let found: Property | undefined;
      for (const name of dotted.split(".")) {
        found = props.find((p) => p.name === name);
        props = found?.shape.kind === "object" ? found.shape.properties : [];
      }
      return found;
    };
    expect(prop("MdbKafkaCluster", "config.kraft.resources")?.nesting).toBe("single");
    expect(prop("VpcRouteTable", "staticRoutes.gatewayId")?.tfName).toBe("gateway_id");
    expect(prop("StorageObject", "sourceHash")?.tfName).toBe("source_hash");
    expect(prop("MdbRedisCluster", "hosts")?.nesting).toBe("list");
    expect(prop("KubernetesCluster", "master")?.required).toBe(true);
    expect(prop("MdbKafkaCluster", "hosts")?.computedOnly).toBe(true);
    // Plugin-framework nested attributes: single objects, written as attributes (not blocks).
    expect(prop("AirflowCluster", "codeSync.s3.bucket")?.required).toBe(true);
    expect(prop("AirflowCluster", "worker")?.source).toBe("attribute");
    expect(prop("AirflowCluster", "lockboxSecretsBackend.enabled")?.required).toBe(true);
    expect(prop("MdbPostgresqlCluster", "hosts.assignPublicIp")?.tfName).toBe("assign_public_ip");
  });
});
