import * as pulumi from "@pulumi/pulumi";
import {
  BASE_PROVIDER_NAME,
  BASE_PROVIDER_VERSION,
  IamServiceAccountStaticAccessKey,
  MdbKafkaUser,
  MdbRedisCluster,
  TERRAFORM_PROVIDER_VERSION,
  VpcGateway,
  VpcRouteTable,
  YANDEX_PACKAGE_NAME,
  validateYandexInputs,
} from "../../yandex";
import { unwrapValue } from "../../testing/wire";

interface Captured {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

interface PackageRequest {
  name: string;
  version: string;
  paramName: string;
  paramVersion: string;
  paramValue: string;
}

const created: Captured[] = [];
const packageRequests: PackageRequest[] = [];
const registerRequests: { type: string; packageRef: string; secretOutputs: string[] }[] = [];

// The mock echoes inputs and adds a plain (non-secret) value for every output the engine would compute.
const computed: Record<string, Record<string, unknown>> = {
  "yandex:index/iamServiceAccountStaticAccessKey:IamServiceAccountStaticAccessKey": {
    accessKey: "AKIA-mock",
    secretKey: "plain-secret-from-provider",
  },
};

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...computed[args.type] } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  // Observe the raw RPCs the SDK sends, then let the mock monitor answer them as usual.
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, (req: never, cb: never) => void>;
  const originalPackage = monitor.registerPackage!.bind(monitor);
  const originalRegister = monitor.registerResource!.bind(monitor);
  monitor.registerPackage = (req: never, cb: never) => {
    const r = req as {
      getName(): string;
      getVersion(): string;
      getParameterization(): { getName(): string; getVersion(): string; getValue_asU8(): Uint8Array };
    };
    const p = r.getParameterization();
    packageRequests.push({
      name: r.getName(),
      version: r.getVersion(),
      paramName: p.getName(),
      paramVersion: p.getVersion(),
      paramValue: Buffer.from(p.getValue_asU8()).toString("utf8"),
    });
    originalPackage(req, cb);
  };
  monitor.registerResource = (req: never, cb: never) => {
    const r = req as {
      getType(): string;
      getPackageref(): string;
      getAdditionalsecretoutputsList(): string[];
    };
    registerRequests.push({
      type: r.getType(),
      packageRef: r.getPackageref(),
      secretOutputs: r.getAdditionalsecretoutputsList(),
    });
    originalRegister(req, cb);
  };
});

function resolve<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((res) => o.apply(res));
}

async function settle(...resources: pulumi.CustomResource[]): Promise<void> {
  await Promise.all(resources.map((r) => resolve(r.urn)));
}

describe("parameterized terraform-provider package", () => {
  it("registers yandex-cloud/yandex through terraform-provider and passes the ref with every resource", async () => {
    const gw = new VpcGateway("egress", { name: "egress", sharedEgressGateway: {} });
    const rt = new VpcRouteTable("private", {
      networkId: "net-1",
      staticRoutes: [{ destinationPrefix: "0.0.0.0/0", gatewayId: gw.id }],
    });
    await settle(gw, rt);

    expect(packageRequests.length).toBeGreaterThanOrEqual(1);
    for (const req of packageRequests) {
      expect(req).toEqual({
        name: "terraform-provider",
        version: "1.1.0",
        paramName: "yandex",
        paramVersion: "0.222.0",
        paramValue: JSON.stringify({
          remote: { url: "registry.opentofu.org/yandex-cloud/yandex", version: "0.222.0" },
        }),
      });
    }
    expect([
      BASE_PROVIDER_NAME,
      BASE_PROVIDER_VERSION,
      YANDEX_PACKAGE_NAME,
      TERRAFORM_PROVIDER_VERSION,
    ]).toEqual(["terraform-provider", "1.1.0", "yandex", "0.222.0"]);

    const types = [VpcGateway.__pulumiType, VpcRouteTable.__pulumiType];
    const sent = registerRequests.filter((r) => types.includes(r.type));
    expect(sent.map((r) => r.type).sort()).toEqual([...types].sort());
    // "mock-uuid" is the ref the mock monitor hands out for a registered package.
    expect(sent.every((r) => r.packageRef === "mock-uuid")).toBe(true);
  });

  it("hands the mocks the resource under its yandex: token with the inputs as given", async () => {
    const rt = new VpcRouteTable("rt-inputs", {
      networkId: "net-9",
      staticRoutes: [{ destinationPrefix: "0.0.0.0/0", gatewayId: "gw-9" }],
    });
    await settle(rt);
    const seen = created.find((c) => c.name === "rt-inputs");
    expect(seen?.type).toBe("yandex:index/vpcRouteTable:VpcRouteTable");
    expect(seen?.inputs).toEqual({
      networkId: "net-9",
      staticRoutes: [{ destinationPrefix: "0.0.0.0/0", gatewayId: "gw-9" }],
    });
  });
});

describe("secrets", () => {
  it("asks the engine to keep provider-computed secrets secret and nothing else", async () => {
    const key = new IamServiceAccountStaticAccessKey("sa-key", { serviceAccountId: "sa-1" });
    await settle(key);
    const req = registerRequests.find((r) => r.type === IamServiceAccountStaticAccessKey.__pulumiType);
    expect(req?.secretOutputs).toEqual(["secretKey"]);
    // The mock engine does not apply additionalSecretOutputs; the request above is what a real engine acts on.
    expect(await resolve(key.accessKey)).toBe("AKIA-mock");
  });

  it("wraps secret inputs so they stay secret in state and outputs", async () => {
    const user = new MdbKafkaUser("scorer", { clusterId: "kafka-1", name: "scorer", password: "pw-123" });
    const redis = new MdbRedisCluster("redis", {
      name: "redis",
      networkId: "net-1",
      environment: "PRODUCTION",
      tlsEnabled: true,
      config: { password: "redis-pw", version: "8.1-valkey" },
      resources: { resourcePresetId: "hm3-c2-m8", diskSize: 16 },
      hosts: [{ zone: "ru-central1-a", subnetId: "subnet-a" }],
    });
    await settle(user, redis);
    expect(await pulumi.isSecret(user.password)).toBe(true);
    expect(await pulumi.isSecret(user.clusterId)).toBe(false);
    expect(await pulumi.isSecret(redis.config)).toBe(true);
    expect(await pulumi.isSecret(redis.tlsEnabled)).toBe(false);
    const sent = registerRequests.filter(
      (r) => r.type === MdbKafkaUser.__pulumiType || r.type === MdbRedisCluster.__pulumiType,
    );
    expect(sent.map((r) => r.secretOutputs).sort()).toEqual([["config"], ["password"]]);
  });
});

describe("schema check on inputs captured by the mocks", () => {
  it("accepts every resource these tests created, secrets included", () => {
    const user = created.find((c) => c.name === "scorer");
    expect(user?.inputs.password).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: "pw-123",
    });
    expect(created.length).toBeGreaterThanOrEqual(6);
    for (const c of created) {
      const secretInputPaths: string[] = [];
      const inputs = unwrapValue(c.inputs, "", secretInputPaths) as Record<string, unknown>;
      expect({
        name: c.name,
        problems: validateYandexInputs({ type: c.type, inputs, secretInputPaths }),
      }).toEqual({
        name: c.name,
        problems: [],
      });
    }
  });
});

describe("generated classes", () => {
  it("reject a missing required input with the resource and property named", () => {
    expect(() => new MdbKafkaUser("no-pw", { clusterId: "c", name: "n" } as never)).toThrow(
      "MdbKafkaUser 'no-pw': missing required property 'password'",
    );
  });

  it("recognise their own instances only", async () => {
    const gw = new VpcGateway("isinstance");
    await settle(gw);
    expect(VpcGateway.isInstance(gw)).toBe(true);
    expect(VpcRouteTable.isInstance(gw)).toBe(false);
    expect(VpcGateway.isInstance({ name: "x" })).toBe(false);
    expect(VpcGateway.isInstance(undefined)).toBe(false);
  });
});
