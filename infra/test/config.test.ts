import {
  collectRawConfig,
  ConfigError,
  configKey,
  parseStackConfig,
  SECRET_SETTINGS,
  validateStackConfig,
} from "../config";
import { CONFIG_KEYS } from "../config/schema";
import { OFFLINE_SECRET_CONFIG } from "../testing/capture";
import { readProjectFile, readStackConfigFile } from "../testing/stack-files";
import { clone, rawConfigOf } from "./helpers";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function messagesFor(stack: "dev" | "prod", mutate: (raw: Raw) => void): string[] {
  const raw = clone(rawConfigOf(stack)) as Raw;
  mutate(raw);
  const result = validateStackConfig(raw);
  if (result.ok) return [];
  return new ConfigError(stack, result.problems).message.split("\n").slice(1);
}

describe("stack files", () => {
  it.each(["dev", "prod"] as const)("%s validates and keeps its sizes", (stack) => {
    const config = parseStackConfig(stack, rawConfigOf(stack));
    expect(config.environment).toBe(stack);
    expect(config.zones).toHaveLength(stack === "prod" ? 3 : 1);
  });

  it("deploy to Yandex Cloud unless antifraud:cloud says aws", () => {
    for (const stack of ["dev", "prod"] as const) {
      const { cloud: _fromProjectDefault, ...withoutCloud } = rawConfigOf(stack) as Raw;
      expect(_fromProjectDefault).toBe("yandex");
      expect(parseStackConfig(stack, withoutCloud).cloud).toBe("yandex");
      expect(parseStackConfig(stack, { ...rawConfigOf(stack), cloud: "aws" }).cloud).toBe("aws");
    }
  });

  it("dev is small and preemptible, prod is highly available", () => {
    const dev = parseStackConfig("dev", rawConfigOf("dev"));
    const prod = parseStackConfig("prod", rawConfigOf("prod"));
    expect(dev.kubernetes.nodes.preemptible).toBe(true);
    expect(dev.spark.compute.preemptible).toBe(true);
    expect(dev.kubernetes.master).toBe("zonal");
    expect(prod.kubernetes.master).toBe("regional");
    expect(prod.kafka.replicationFactor).toBe(3);
    expect(prod.kafka.minInsyncReplicas).toBe(2);
    expect(prod.scoring.serve.minReplicas).toBeGreaterThanOrEqual(2);
    expect(prod.scoring.stream.minReplicas).toBeGreaterThanOrEqual(2);
    expect(prod.scoring.autoscaling && prod.scoring.podDisruptionBudget).toBe(true);
    expect(prod.kubernetes.nodes.preemptible).toBe(false);
    expect(prod.mlflow.replicas).toBeGreaterThanOrEqual(2);
    expect(prod.mlflow.postgresql.hosts).toBeGreaterThanOrEqual(2);
    expect(prod.airflow.scheduler.count).toBeGreaterThanOrEqual(2);
    expect([dev.airflow.retrainSchedule, prod.airflow.retrainSchedule]).toEqual(["@weekly", "@weekly"]);
  });

  it("disables the default Kubernetes and AWS providers so nothing falls back to ~/.kube/config or ~/.aws", () => {
    for (const stack of ["dev", "prod"] as const) {
      expect(
        JSON.parse(readStackConfigFile(stack).config["pulumi:disable-default-providers"] ?? "[]"),
      ).toEqual(["kubernetes", "aws"]);
    }
  });

  it("holds no clear-text secret", () => {
    for (const stack of ["dev", "prod"] as const) {
      const { config } = readStackConfigFile(stack);
      for (const key of Object.keys(OFFLINE_SECRET_CONFIG)) expect(config).not.toHaveProperty([key]);
      expect(JSON.stringify(config)).not.toMatch(/password|token|secret/i);
    }
  });
});

describe("invalid configurations fail with the key, the value and the fix", () => {
  const cases: Array<[string, "dev" | "prod", (raw: Raw) => void, RegExp]> = [
    [
      "replication above the broker count",
      "dev",
      (r) => (r.kafka.replicationFactor = 3),
      /^ {2}- antifraud:kafka\.replicationFactor = 3: exceeds the 1 brokers \(1 per zone x 1 zones\)\. Fix: set it to at most 1 or add brokers\/zones\.$/,
    ],
    [
      "min ISR equal to RF",
      "prod",
      (r) => (r.kafka.minInsyncReplicas = 3),
      /antifraud:kafka\.minInsyncReplicas = 3: equals the replication factor, so losing one broker stops all writes\. Fix: set it to 2\./,
    ],
    [
      "prod with one zone",
      "prod",
      (r) => (r.zones = ["ru-central1-a"]),
      /antifraud:zones = \["ru-central1-a"\]: prod must be highly available: it needs three zones\. Fix: list ru-central1-a, ru-central1-b and ru-central1-d\./,
    ],
    [
      "prod with one serve replica",
      "prod",
      (r) => (r.scoring.serve.minReplicas = 1),
      /antifraud:scoring\.serve\.minReplicas = 1: prod must be highly available: serve needs at least 2 replicas\. Fix: set it to 2 or more\./,
    ],
    [
      "unknown zone",
      "dev",
      (r) => (r.zones = ["ru-central1-c"]),
      /antifraud:zones\[0\] = "ru-central1-c": must be one of ru-central1-a, ru-central1-b, ru-central1-d\. Fix: pulumi config set --path 'antifraud:zones\[0\]' <new value>\./,
    ],
    [
      "partitions as text",
      "dev",
      (r) => (r.kafka.topics["transactions.dlq"].partitions = "three"),
      /antifraud:kafka\.topics\["transactions\.dlq"\]\.partitions = "three": .*number.*Fix: pulumi config set --path 'antifraud:kafka\.topics\["transactions\.dlq"\]\.partitions' <new value>\./,
    ],
    [
      "misspelt nested key",
      "dev",
      (r) => (r.kafka.replication = 1),
      /antifraud:kafka\.replication = 1: is not a known setting\. Fix: remove it or correct its spelling/,
    ],
    [
      "missing section",
      "dev",
      (r) => delete r.redis,
      /antifraud:redis = \(not set\): .*Fix: add it to Pulumi\.<stack>\.yaml, e\.g\. pulumi config set --path 'antifraud:redis' <value>/,
    ],
    [
      "CIDR with host bits",
      "dev",
      (r) => (r.network.vpcCidr = "10.20.1.0/16"),
      /antifraud:network\.vpcCidr = "10\.20\.1\.0\/16": "10\.20\.1\.0\/16" has host bits set; the block starts at 10\.20\.0\.0\/16\. Fix: use the network address of the block \(host bits zero\)\./,
    ],
    [
      "pod range overlapping the VPC",
      "dev",
      (r) => (r.network.podCidr = "10.20.128.0/17"),
      /antifraud:network\.podCidr = "10\.20\.128\.0\/17": overlaps network\.vpcCidr 10\.20\.0\.0\/16\. Fix:/,
    ],
    [
      "Kubernetes API open to the internet",
      "dev",
      (r) => (r.network.adminCidrs = ["0.0.0.0/0"]),
      /antifraud:network\.adminCidrs\[0\] = "0\.0\.0\.0\/0": opens the Kubernetes API to the whole internet\. Fix: list only/,
    ],
    [
      "request above limit",
      "dev",
      (r) => (r.scoring.stream.resources.cpuRequest = "2"),
      /antifraud:scoring\.stream\.resources\.cpuRequest = "2": the CPU request is above the CPU limit 1\. Fix: lower it to at most 1 or raise cpuLimit\./,
    ],
    [
      "node scaling bounds out of order",
      "dev",
      (r) => (r.kubernetes.nodes.initialNodes = 5),
      /antifraud:kubernetes\.nodes\.initialNodes = 5: needs minNodes \(1\) <= initialNodes <= maxNodes \(3\)\./,
    ],
    [
      "regional master in one zone",
      "dev",
      (r) => (r.kubernetes.master = "regional"),
      /antifraud:kubernetes\.master = "regional": a regional master needs three zones, antifraud:zones has 1\. Fix: set it to "zonal" or list three zones\./,
    ],
    [
      "stream workers above partitions",
      "dev",
      (r) => (r.scoring.stream.maxReplicas = 4),
      /antifraud:scoring\.stream\.maxReplicas = 4: exceeds the 3 partitions of "transactions"; extra stream workers would sit idle\./,
    ],
    [
      "provider zone outside the stack zones",
      "dev",
      (r) => (r.yandex.zone = "ru-central1-b"),
      /yandex:zone = "ru-central1-b": is not one of antifraud:zones \(ru-central1-a\)\. Fix: set it to ru-central1-a\./,
    ],
    [
      "bad folder id",
      "dev",
      (r) => (r.yandex.folderId = "my-folder"),
      /yandex:folderId = "my-folder": must be a 20-character Yandex folder id\./,
    ],
    [
      "cold tier after expiry",
      "dev",
      (r) => (r.storage.rawColdAfterDays = 30),
      /antifraud:storage\.rawColdAfterDays = 30: must be below rawExpireAfterDays \(30\) or the cold tier is never used\./,
    ],
    [
      "non-exact chart version",
      "prod",
      (r) => (r.monitoring.chartVersion = "88.x"),
      /antifraud:monitoring\.chartVersion = "88\.x": must be an exact chart version such as "77\.0\.1"\./,
    ],
    [
      "a Kafka version the service deprecated",
      "dev",
      (r) => (r.kafka.version = "3.6"),
      /antifraud:kafka\.version = "3\.6": must be one of 3\.9, 4\.0 \(the versions the managed service accepts\)\./,
    ],
    [
      "a Kubernetes version the service deprecated",
      "prod",
      (r) => (r.kubernetes.version = "1.30"),
      /antifraud:kubernetes\.version = "1\.30": must be one of 1\.31, 1\.32, 1\.33, 1\.34 /,
    ],
    [
      "Airflow workers scaling bounds out of order",
      "dev",
      (r) => (r.airflow.worker.minCount = 3),
      /^ {2}- antifraud:airflow\.worker\.minCount = 3: is above maxCount \(2\)\. Fix: set it to at most 2\.$/,
    ],
    [
      "an Airflow preset in the Compute naming",
      "dev",
      (r) => (r.airflow.worker.preset = "s3-c2-m8"),
      /antifraud:airflow\.worker\.preset = "s3-c2-m8": must be a Managed Airflow resource preset such as c1-m4\. Fix: pulumi config set --path 'antifraud:airflow\.worker\.preset' <new value>\./,
    ],
    [
      "a retraining schedule Airflow cannot read",
      "dev",
      (r) => (r.airflow.retrainSchedule = "weekly"),
      /antifraud:airflow\.retrainSchedule = "weekly": must be an Airflow schedule: a five-field cron expression or a preset such as "@weekly"\./,
    ],
    [
      "prod with one Airflow scheduler",
      "prod",
      (r) => (r.airflow.scheduler.count = 1),
      /antifraud:airflow\.scheduler\.count = 1: prod must be highly available: Airflow needs a second scheduler\. Fix: set it to 2 or more\./,
    ],
    [
      "prod with one MLflow replica",
      "prod",
      (r) => (r.mlflow.replicas = 1),
      /antifraud:mlflow\.replicas = 1: prod must be highly available: MLflow needs at least 2 replicas\. Fix: set it to 2 or more\./,
    ],
    [
      "prod PostgreSQL without a replica",
      "prod",
      (r) => (r.mlflow.postgresql.hosts = 1),
      /antifraud:mlflow\.postgresql\.hosts = 1: prod must be highly available: PostgreSQL needs a replica to fail over to\. Fix: set it to 2 or more\./,
    ],
    [
      "a PostgreSQL version the service dropped",
      "dev",
      (r) => (r.mlflow.postgresql.version = "13"),
      /antifraud:mlflow\.postgresql\.version = "13": must be one of 15, 16, 17, 18 \(the versions the managed service accepts\)\./,
    ],
    [
      "MLflow request above limit",
      "dev",
      (r) => (r.mlflow.resources.memoryRequest = "2Gi"),
      /antifraud:mlflow\.resources\.memoryRequest = "2Gi": the memory request is above the memory limit 1Gi\./,
    ],
    [
      "a Redis version from before the Valkey rename",
      "dev",
      (r) => (r.redis.version = "7.2"),
      /antifraud:redis\.version = "7\.2": must be one of 7\.2-valkey, 8\.0-valkey, 8\.1-valkey /,
    ],
    [
      "a cloud the program has no implementation for",
      "dev",
      (r) => (r.cloud = "gcp"),
      /^ {2}- antifraud:cloud = "gcp": must be "yandex" or "aws"\. Fix: pulumi config set --path 'antifraud:cloud' <new value>\.$/,
    ],
    [
      "an AWS region the price table does not cover",
      "dev",
      (r) => (r.aws.region = "ap-south-1"),
      /antifraud:aws\.region = "ap-south-1": must be one of us-east-1, eu-central-1 \(the priced regions\)\./,
    ],
    [
      "an AWS budget in roubles",
      "prod",
      (r) => (r.aws.budget.currency = "RUB"),
      /antifraud:aws\.budget\.currency = "RUB": must be "USD" \(the AWS price table currency\)\./,
    ],
    [
      "an AWS VPC too small for the four tiers",
      "dev",
      (r) => {
        r.cloud = "aws";
        r.network.subnetPrefixLength = 19;
      },
      /antifraud:network\.subnetPrefixLength = 19: 10\.20\.0\.0\/16 cannot hold the 12 subnets of \/19 \(4 tiers x 3 zone slots; on AWS a public tier holds the NAT gateways\)\. Fix: use a prefix length between 20 and 28, or a larger vpcCidr\./,
    ],
    [
      "the same VPC on Yandex Cloud, three tiers",
      "dev",
      (r) => (r.network.subnetPrefixLength = 19),
      /antifraud:network\.subnetPrefixLength = 19: 10\.20\.0\.0\/16 cannot hold the 9 subnets of \/19 \(3 tiers x 3 zone slots\)\. Fix:/,
    ],
  ];

  it.each(cases)("%s", (_title, stack, mutate, expected) => {
    expect(messagesFor(stack, mutate)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it("reports every problem at once, not only the first", () => {
    const messages = messagesFor("dev", (r) => {
      r.kafka.replicationFactor = 3;
      r.network.adminCidrs = ["0.0.0.0/0"];
    });
    expect(messages).toHaveLength(2);
  });
});

describe("raw config collection", () => {
  const { config } = readStackConfigFile("dev");

  it("flags unknown top-level keys and missing secrets without printing secret values", () => {
    const { problems } = collectRawConfig({
      ...config,
      "antifraud:kafak": "{}",
      "antifraud:telegramBotToken": "bad",
    });
    const lines = problems.map(
      (p) => `${configKey(p.path)} = ${JSON.stringify(p.value)}: ${p.message}. Fix: ${p.fix}`,
    );
    expect(lines).toEqual([
      "antifraud:kafak = {}: is not a known setting. Fix: remove it or correct its spelling (Pulumi.yaml describes every key)",
      "antifraud:alertWebhookUrl = undefined: is a required secret (an https:// URL that receives Alertmanager webhooks). Fix: pulumi config set --secret antifraud:alertWebhookUrl <value>",
      'antifraud:telegramBotToken = "[secret]": must be a Telegram bot token such as 123456:ABC-.... Fix: pulumi config set --secret antifraud:telegramBotToken <value>',
      "antifraud:managedServicesCaPem = undefined: is a required secret (the PEM certificate(s) of the CA that signs the managed services' certificates: on Yandex Cloud its CA (downloaded once by the operator from storage.yandexcloud.net/cloud-certs/CA.pem); on AWS Amazon Root CA 1 followed by the region's RDS CA bundle. The pods get it mounted and never download it). Fix: pulumi config set --secret antifraud:managedServicesCaPem <value>",
    ]);
  });

  it("rejects the retired registry token without printing it (the stack owns the pusher's key now)", () => {
    const { problems } = collectRawConfig(
      { ...config, ...OFFLINE_SECRET_CONFIG, "antifraud:registryToken": "t1.some-iam-token" },
      new Set(["antifraud:registryToken"]),
    );
    expect(problems.map((p) => [configKey(p.path), p.value, p.message])).toEqual([
      ["antifraud:registryToken", "[secret]", "is not a known setting"],
    ]);
  });

  it("keeps scalar strings that look numeric as strings", () => {
    const { raw } = collectRawConfig({
      ...config,
      ...OFFLINE_SECRET_CONFIG,
      "antifraud:environment": "1.30",
    });
    expect(raw.environment).toBe("1.30");
  });
});

describe("Pulumi.yaml", () => {
  it("declares exactly the schema's groups and the secrets, secrets marked secret", () => {
    const declared = readProjectFile().config;
    expect(Object.keys(declared).sort()).toEqual([...CONFIG_KEYS, ...Object.keys(SECRET_SETTINGS)].sort());
    const secret = Object.entries(declared).filter(([, d]) => d.secret === true);
    expect(secret.map(([k]) => k).sort()).toEqual(Object.keys(SECRET_SETTINGS).sort());
  });
});

describe("configKey", () => {
  it.each([
    [
      ["kafka", "topics", "transactions.dlq", "partitions"],
      'antifraud:kafka.topics["transactions.dlq"].partitions',
    ],
    [["zones", 2], "antifraud:zones[2]"],
    [["yandex", "folderId"], "yandex:folderId"],
    [["environment"], "antifraud:environment"],
  ])("%j -> %s", (path, key) => expect(configKey(path)).toBe(key));
});
