/**
 * What the mock engine answers for each resource: the inputs plus the outputs a real provider would
 * compute and the program reads (broker hosts, kubeconfig parts, load balancer address, image digest,
 * generated passwords, access keys, authorized keys). Values are derived from the resource name, so
 * runs are repeatable.
 */
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { mockAwsResource } from "./aws-mock-outputs";
import { unwrapValue } from "./wire";

type Inputs = Record<string, unknown>;

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function zoneLetter(zone: unknown): string {
  return typeof zone === "string" ? zone.slice(-1) : "a";
}

/** Yandex-style id: a three-letter prefix and 17 more characters. */
export function mockYandexId(prefix: string, name: string): string {
  return `${prefix}${digest(name, 17)}`;
}

/** Deterministic IPv4 address from the TEST-NET-2 documentation range (198.51.100.0/24). */
export function mockPublicIp(name: string): string {
  return `198.51.100.${(parseInt(digest(name, 2), 16) % 250) + 2}`;
}

/**
 * The address a LoadBalancer Service's status gets (`status.loadBalancer.ingress[0].ip`), internal or public:
 * a deterministic one from the resource name, so outputs built on it (endpoints, the MLflow tracking URL) are
 * repeatable.
 */
export function mockLoadBalancerIp(resourceName: string): string {
  return mockPublicIp(`${resourceName}:lb`);
}

const ID_PREFIX: Record<string, string> = {
  vpcNetwork: "enp",
  vpcSubnet: "e9b",
  vpcSecurityGroup: "enp",
  vpcRouteTable: "enp",
  vpcGateway: "enp",
  iamServiceAccount: "aje",
  iamServiceAccountKey: "aje",
  kmsSymmetricKey: "abj",
  mdbKafkaCluster: "c9q",
  mdbRedisCluster: "c9q",
  kubernetesCluster: "cat",
  kubernetesNodeGroup: "cat",
  containerRegistry: "crp",
  dataprocCluster: "c9q",
  mdbPostgresqlCluster: "c9q",
  airflowCluster: "c9q",
  lockboxSecret: "e6q",
};

function yandexOutputs(kind: string, name: string, inputs: Inputs): Inputs {
  switch (kind) {
    case "iamServiceAccountStaticAccessKey":
      return { accessKey: `YCAJE${digest(`${name}:ak`, 20)}`, secretKey: `YCM${digest(`${name}:sk`, 37)}` };
    case "iamServiceAccountKey": {
      const pem = (kind: string) =>
        `-----BEGIN ${kind} KEY-----\nMOCK${digest(`${name}:${kind}`, 48)}\n-----END ${kind} KEY-----\n`;
      return {
        createdAt: "2026-01-01T00:00:00Z",
        publicKey: pem("PUBLIC"),
        privateKey: pem("PRIVATE"),
        encryptedPrivateKey: "",
        keyFingerprint: "",
      };
    }
    case "storageBucket":
      return { bucketDomainName: `${String(inputs.bucket)}.storage.yandexcloud.net` };
    case "mdbKafkaCluster": {
      const config = (inputs.config ?? {}) as { zones?: unknown[]; brokersCount?: number };
      const zones = config.zones ?? [];
      const perZone = config.brokersCount ?? 1;
      const hosts = zones.flatMap((zone, z) =>
        Array.from({ length: perZone }, (_, b) => ({
          name: `rc1${zoneLetter(zone)}-${digest(`${name}:${z}:${b}`, 16)}.mdb.yandexcloud.net`,
          zoneId: zone,
          role: "KAFKA",
          health: "ALIVE",
        })),
      );
      return { hosts, status: "RUNNING", health: "ALIVE" };
    }
    case "mdbRedisCluster": {
      const hosts = ((inputs.hosts ?? []) as Inputs[]).map((host, i) => ({
        ...host,
        fqdn: `rc1${zoneLetter(host.zone)}-${digest(`${name}:${i}`, 16)}.mdb.yandexcloud.net`,
      }));
      return { hosts, status: "RUNNING", health: "ALIVE" };
    }
    case "kubernetesCluster": {
      const master = (inputs.master ?? {}) as Inputs;
      return {
        master: {
          ...master,
          externalV4Address: mockPublicIp(`${name}:api`),
          externalV4Endpoint: `https://${mockPublicIp(`${name}:api`)}`,
          internalV4Endpoint: "https://10.0.0.2",
          clusterCaCertificate: `-----BEGIN CERTIFICATE-----\nMOCK${digest(name, 40)}\n-----END CERTIFICATE-----\n`,
        },
        status: "running",
        health: "healthy",
      };
    }
    case "containerRegistry":
      return { status: "active" };
    default:
      return {};
  }
}

function kubernetesOutputs(type: string, name: string, inputs: Inputs): Inputs {
  if (type === "kubernetes:core/v1:Service") {
    const spec = (inputs.spec ?? {}) as Inputs;
    if (spec.type === "LoadBalancer") {
      return { status: { loadBalancer: { ingress: [{ ip: mockLoadBalancerIp(name) }] } } };
    }
  }
  if (type === "kubernetes:helm.sh/v4:Chart") return { resources: [] };
  return {};
}

export function mockResource(type: string, name: string, wireInputs: Inputs): { id: string; state: Inputs } {
  // Secrecy of outputs is restored by the SDK (additionalSecretOutputs); the mock works on plain values.
  const inputs = unwrapValue(wireInputs, "", []) as Inputs;
  const [pkg = "", middle = ""] = type.split(":");
  const kind = middle.split("/")[1] ?? middle;
  if (pkg === "yandex") {
    const prefix = ID_PREFIX[kind];
    const id = prefix ? mockYandexId(prefix, name) : `${name}-id`;
    const idLike = kind === "storageBucket" ? String(inputs.bucket ?? `${name}-id`) : id;
    return { id: idLike, state: { ...inputs, ...yandexOutputs(kind, name, inputs) } };
  }
  if (pkg === "aws" || type === "pulumi:providers:aws") return mockAwsResource(type, name, inputs);
  if (pkg === "random") {
    const length = typeof inputs.length === "number" ? inputs.length : 16;
    const chars = Buffer.from(createHash("sha512").update(name).digest())
      .toString("base64")
      .replace(/[^A-Za-z0-9]/g, "");
    return { id: `${name}-id`, state: { ...inputs, result: chars.slice(0, length).padEnd(length, "x") } };
  }
  if (type === "tls:index/privateKey:PrivateKey") {
    // A real Ed25519 key from a seed derived from the name: valid PEM, repeatable runs.
    const seed = createHash("sha256").update(name).digest();
    const privateKey = createPrivateKey({
      key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
      format: "der",
      type: "pkcs8",
    });
    return {
      id: `${name}-id`,
      state: {
        ...inputs,
        privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        publicKeyPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString(),
      },
    };
  }
  if (type === "docker-build:index:Image") {
    const tags = (inputs.tags ?? []) as string[];
    const imageDigest = `sha256:${digest(`${name}:${JSON.stringify(inputs.context ?? {})}`, 64)}`;
    const repository = (tags[0] ?? name).replace(/:[^:/]+$/, "");
    return {
      id: `${name}-id`,
      state: { ...inputs, digest: imageDigest, ref: `${repository}@${imageDigest}` },
    };
  }
  if (pkg === "kubernetes") {
    return { id: `${name}-id`, state: { ...inputs, ...kubernetesOutputs(type, name, inputs) } };
  }
  return { id: `${name}-id`, state: inputs };
}
