import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { costInputsFromConfig, NETWORK_TIERS, YANDEX_ZONES } from "../config";
import { BUCKET_ROLES, FORBIDDEN_ROLES, RESOURCE_ROLES, WORKLOAD_ROLES } from "../components/identity";
import { KAFKA_USERS } from "@antifraud/contracts";
import { KAFKA_SASL_SSL_PORT, REDIS_TLS_PORT } from "../components/network";
import { TRAINING_PACKAGE_DIR } from "../components/spark";
import { VERSIONED_BUCKETS, type BucketPurpose } from "../components/storage";
import { bucketName } from "../naming";
import { mockYandexId } from "../testing/mock-outputs";
import { tierSubnets } from "../network-math";
import * as yandex from "../yandex";
import type { CaptureResult, StackName } from "../testing/capture";
import { at, captureBoth, configOf, ofType, one } from "./helpers";

let captured: Record<StackName, CaptureResult>;
beforeAll(async () => {
  captured = await captureBoth();
}, 120_000);

const T = {
  subnet: yandex.VpcSubnet.__pulumiType,
  sg: yandex.VpcSecurityGroup.__pulumiType,
  route: yandex.VpcRouteTable.__pulumiType,
  gateway: yandex.VpcGateway.__pulumiType,
  account: yandex.IamServiceAccount.__pulumiType,
  member: yandex.ResourcemanagerFolderIamMember.__pulumiType,
  bucket: yandex.StorageBucket.__pulumiType,
  object: yandex.StorageObject.__pulumiType,
  kms: yandex.KmsSymmetricKey.__pulumiType,
  dataproc: yandex.DataprocCluster.__pulumiType,
  kafka: yandex.MdbKafkaCluster.__pulumiType,
  topic: yandex.MdbKafkaTopic.__pulumiType,
  kafkaUser: yandex.MdbKafkaUser.__pulumiType,
  redis: yandex.MdbRedisCluster.__pulumiType,
  k8s: yandex.KubernetesCluster.__pulumiType,
  nodes: yandex.KubernetesNodeGroup.__pulumiType,
  kmsBinding: yandex.KmsSymmetricKeyIamBinding.__pulumiType,
  registryBinding: yandex.ContainerRegistryIamBinding.__pulumiType,
  bucketBinding: yandex.StorageBucketIamBinding.__pulumiType,
};

const memberOf = (workload: string) => `serviceAccount:${mockYandexId("aje", `identity-${workload}`)}`;

/** Entry names from a zip's central directory, located through the end-of-central-directory record. */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const names: string[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const [nameLength, extra, comment] = [
      zip.readUInt16LE(at + 28),
      zip.readUInt16LE(at + 30),
      zip.readUInt16LE(at + 32),
    ];
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString("utf8"));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

type Rule = { port?: number; fromPort?: number; toPort?: number; v4CidrBlocks?: string[]; protocol: string };

describe.each(["dev", "prod"] as const)("%s stack: cloud resources", (stack) => {
  const config = configOf(stack);
  const resources = () => captured[stack].resources;

  it("lays out one subnet per tier and zone, all routed through the NAT gateway", () => {
    const subnets = ofType(resources(), T.subnet);
    const expected = tierSubnets(
      config.network.vpcCidr,
      NETWORK_TIERS,
      config.zones,
      YANDEX_ZONES,
      config.network.subnetPrefixLength,
    );
    expect(subnets.map((s) => [s.inputs.zone, s.inputs.v4CidrBlocks]).sort()).toEqual(
      expected.map((e) => [e.zone, [e.cidr]]).sort(),
    );
    const routeTable = one(resources(), T.route, "network-egress");
    expect(routeTable.inputs.staticRoutes).toEqual([
      { destinationPrefix: "0.0.0.0/0", gatewayId: mockYandexId("enp", "network-nat") },
    ]);
    expect(one(resources(), T.gateway, "network-nat").inputs.sharedEgressGateway).toEqual({});
    for (const s of subnets) expect(s.inputs.routeTableId).toBe(mockYandexId("enp", "network-egress"));
  });

  it("opens no ingress to 0.0.0.0/0; the scoring node port admits the client networks only", () => {
    const open = ofType(resources(), T.sg).flatMap((sg) =>
      ((sg.inputs.ingresses ?? []) as Rule[])
        .filter((r) => r.v4CidrBlocks?.includes("0.0.0.0/0"))
        .map((r) => [sg.name, r.port]),
    );
    expect(open).toEqual([]);
    const nodePort = ofType(resources(), T.sg)
      .flatMap((sg) => (sg.inputs.ingresses ?? []) as Rule[])
      .filter((r) => r.port === config.scoring.nodePort);
    expect(nodePort.map((r) => r.v4CidrBlocks)).toEqual([config.scoring.clientCidrs]);
  });

  it("admits Kafka and Redis clients only from the Kubernetes and Spark subnets", () => {
    const cidrs = (tier: string) =>
      ofType(resources(), T.subnet)
        .filter((s) => s.name.startsWith(`network-${tier}-`))
        .map((s) => (s.inputs.v4CidrBlocks as string[])[0]);
    const clients = [...cidrs("k8s"), ...cidrs("spark")].sort();
    for (const [group, ports] of [
      ["kafka", [KAFKA_SASL_SSL_PORT]],
      ["redis", [REDIS_TLS_PORT, 26379]],
    ] as const) {
      const rules = one(resources(), T.sg, `network-sg-${group}`).inputs.ingresses as Rule[];
      expect(rules.map((r) => r.port)).toEqual(ports);
      for (const rule of rules) expect([...(rule.v4CidrBlocks ?? [])].sort()).toEqual(clients);
      expect(rules.flatMap((r) => r.v4CidrBlocks)).not.toEqual(expect.arrayContaining(cidrs("data")));
    }
  });

  it("gives each workload its own service account with exactly its roles and nothing folder-wide", () => {
    const accounts = ofType(resources(), T.account)
      .map((a) => a.name)
      .sort();
    expect(accounts).toEqual(
      Object.keys(WORKLOAD_ROLES)
        .map((w) => `identity-${w}`)
        .sort(),
    );
    const members = ofType(resources(), T.member);
    for (const [workload, roles] of Object.entries(WORKLOAD_ROLES)) {
      const granted = members.filter(
        (m) => m.inputs.member === `serviceAccount:${mockYandexId("aje", `identity-${workload}`)}`,
      );
      expect(granted.map((m) => m.inputs.role).sort()).toEqual([...roles].sort());
    }
    expect(members.map((m) => m.inputs.role)).not.toEqual(expect.arrayContaining([...FORBIDDEN_ROLES]));
    for (const m of members) expect(m.inputs.folderId).toBe(config.yandex.folderId);
  });

  it("grants KMS and registry roles on the stack's key and registry only, never folder-wide", () => {
    const scoped = [...Object.values(RESOURCE_ROLES.kmsKey), ...Object.values(RESOURCE_ROLES.registry)];
    expect(scoped.length).toBeGreaterThan(0);
    const scopedRoles = [...Object.keys(RESOURCE_ROLES.kmsKey), ...Object.keys(RESOURCE_ROLES.registry)];
    expect(
      ofType(resources(), T.member).filter((m) => scopedRoles.includes(m.inputs.role as string)),
    ).toEqual([]);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const bindings = (type: string) =>
      ofType(resources(), type)
        .map((b) => ({
          name: b.name,
          on: b.inputs.symmetricKeyId ?? b.inputs.registryId ?? b.inputs.bucket,
          role: b.inputs.role,
          members: [...(b.inputs.members as string[])].sort(),
        }))
        .sort(byName);
    const expected = (roles: Record<string, readonly string[]>, prefix: string, on: string) =>
      Object.entries(roles)
        .map(([role, workloads]) => ({
          name: `${prefix}-${role}`,
          on,
          role,
          members: workloads.map(memberOf).sort(),
        }))
        .sort(byName);
    expect(bindings(T.kmsBinding)).toEqual(
      expected(RESOURCE_ROLES.kmsKey, "storage-kms", mockYandexId("abj", "storage-kms")),
    );
    expect(bindings(T.registryBinding)).toEqual(
      expected(RESOURCE_ROLES.registry, "kubernetes-registry", mockYandexId("crp", "kubernetes-registry")),
    );
    // Bucket roles are bound on their one bucket: the DAG bucket for Airflow, the models bucket for MLflow.
    expect(bindings(T.bucketBinding)).toEqual(
      Object.entries(BUCKET_ROLES)
        .flatMap(([bucket, roles]) =>
          expected(roles, `storage-${bucket}`, bucketName(stack, bucket, config.yandex.folderId)),
        )
        .sort(byName),
    );
    expect(Object.keys(BUCKET_ROLES).sort()).toEqual(["airflow", "models"]);
  });

  it("creates what encrypts or decrypts with the key only after the key's binding", () => {
    const [binding] = ofType(resources(), T.kmsBinding);
    const users = [
      ...ofType(resources(), T.bucket),
      one(resources(), T.k8s, "kubernetes-cluster"),
      one(resources(), T.dataproc, "spark-cluster"),
    ];
    for (const r of users)
      expect({ name: r.name, deps: r.dependencies }).toEqual({
        name: r.name,
        deps: expect.arrayContaining([binding?.urn]),
      });
  });

  it("encrypts every bucket with the KMS key and closes it to anonymous access", () => {
    const buckets = ofType(resources(), T.bucket);
    expect(buckets.map((b) => b.name).sort()).toEqual([
      "storage-airflow",
      "storage-clean",
      "storage-models",
      "storage-raw",
      "storage-spark",
    ]);
    const kms = one(resources(), T.kms, "storage-kms");
    expect(kms.inputs.rotationPeriod).toBe(config.storage.kmsRotationPeriod);
    for (const b of buckets) {
      expect(
        at(b.inputs, "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault"),
      ).toEqual({
        kmsMasterKeyId: mockYandexId("abj", "storage-kms"),
        sseAlgorithm: "aws:kms",
      });
      expect(b.inputs.anonymousAccessFlags).toEqual({ read: false, list: false, configRead: false });
      expect(b.inputs).not.toHaveProperty("acl");
      expect(b.inputs).not.toHaveProperty("grants");
      expect(b.secretInputPaths).toEqual(expect.arrayContaining(["accessKey", "secretKey"]));
      // Buckets holding data keep versions; the spark (job files, logs) and airflow (DAGs) buckets do not.
      const purpose = b.name.replace(/^storage-/, "") as BucketPurpose;
      expect(at(b.inputs, "versioning.enabled")).toBe(VERSIONED_BUCKETS.has(purpose));
      expect(VERSIONED_BUCKETS.has(purpose)).toBe(!["spark", "airflow"].includes(purpose));
      expect(b.inputs.forceDestroy).toBe(config.storage.forceDestroy);
    }
    const raw = one(resources(), T.bucket, "storage-raw").inputs;
    expect(at(raw, "lifecycleRules[0].expiration.days")).toBe(config.storage.rawExpireAfterDays);
    expect(at(raw, "lifecycleRules[0].transitions")).toEqual([
      { days: config.storage.rawColdAfterDays, storageClass: "COLD" },
    ]);
    expect(at(one(resources(), T.bucket, "storage-clean").inputs, "lifecycleRules[0].expiration.days")).toBe(
      config.storage.cleanExpireAfterDays,
    );
    expect(
      at(
        one(resources(), T.bucket, "storage-models").inputs,
        "lifecycleRules[0].noncurrentVersionExpiration.days",
      ),
    ).toBe(config.storage.modelNoncurrentExpireAfterDays);
  });

  it("runs Spark without public IPs, with the configured subclusters and logs in the Spark bucket", () => {
    const cluster = one(resources(), T.dataproc, "spark-cluster").inputs;
    const specs = at(cluster, "clusterConfig.subclusterSpecs") as Array<Record<string, unknown>>;
    expect(
      specs.map((s) => [s.role, s.hostsCount, at(s, "resources.resourcePresetId"), s.assignPublicIp]),
    ).toEqual([
      ["MASTERNODE", 1, config.spark.master.preset, false],
      ["DATANODE", config.spark.data.hosts, config.spark.data.preset, false],
      ["COMPUTENODE", config.spark.compute.minHosts, config.spark.compute.preset, false],
    ]);
    expect(at(specs[2], "autoscalingConfig")).toMatchObject({
      maxHostsCount: config.spark.compute.maxHosts,
      preemptible: stack === "dev" ? true : config.spark.compute.preemptible,
    });
    const bucket = `antifraud-${stack}-spark-${config.yandex.folderId}`;
    expect(cluster.bucket).toBe(bucket);
    expect(at(cluster, "clusterConfig.hadoop.properties")).toMatchObject({
      "spark:spark.eventLog.dir": `s3a://${bucket}/logs/spark-events`,
    });
    expect(cluster.zoneId).toBe(config.zones[0]);
    expect(cluster.uiProxy).toBe(false);
  });

  it("uploads the job entry points, the spark-submit entry file, the package as a zip and the feature spec", () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((e) => {
        const full = path.join(dir, e);
        if (statSync(full).isDirectory()) return e === "__pycache__" ? [] : walk(full);
        return e.endsWith(".py") ? [full] : [];
      });
    const modules = walk(TRAINING_PACKAGE_DIR).map((f) =>
      path.relative(path.dirname(TRAINING_PACKAGE_DIR), f).split(path.sep).join("/"),
    );
    const objects = ofType(resources(), T.object).filter((o) => o.name.startsWith("spark-"));
    expect(objects.map((o) => o.inputs.key as string).sort()).toEqual(
      [
        ...modules.filter((m) => m.endsWith("/job.py")).map((m) => `jobs/${m}`),
        "jobs/antifraud_training.zip",
        "jobs/spark_entry.py",
        "jobs/contracts/features.json",
      ].sort(),
    );
    expect(modules).toEqual(
      expect.arrayContaining(["antifraud_training/clean/job.py", "antifraud_training/features/job.py"]),
    );
    const zip = Buffer.from(
      one(resources(), T.object, "spark-job-package-zip").inputs.contentBase64 as string,
      "base64",
    );
    expect(zipEntryNames(zip).sort()).toEqual(modules.sort());
  });

  it("builds Kafka in the configured zones with topics, users and no public access", () => {
    const cluster = one(resources(), T.kafka, "kafka-cluster").inputs;
    expect(at(cluster, "config.zones")).toEqual(config.zones);
    expect(at(cluster, "config.brokersCount")).toBe(config.kafka.brokersPerZone);
    expect(at(cluster, "config.assignPublicIp")).toBe(false);
    expect(at(cluster, "config.kafka.kafkaConfig.autoCreateTopicsEnable")).toBe(false);
    expect(cluster).not.toHaveProperty("users");
    const topics = ofType(resources(), T.topic).map((t) => t.inputs);
    expect(
      topics
        .map((t) => [
          t.name,
          t.partitions,
          t.replicationFactor,
          at(t, "topicConfig.retentionMs"),
          at(t, "topicConfig.minInsyncReplicas"),
        ])
        .sort(),
    ).toEqual(
      Object.entries(config.kafka.topics)
        .map(([name, t]) => [
          name,
          t.partitions,
          config.kafka.replicationFactor,
          String(t.retentionHours * 3_600_000),
          String(config.kafka.minInsyncReplicas),
        ])
        .sort(),
    );
    const users = ofType(resources(), T.kafkaUser);
    expect(users.map((u) => [u.inputs.name, u.inputs.permissions]).sort()).toEqual(
      Object.entries(KAFKA_USERS)
        .map(([name, perms]) => [name, perms.map((p) => ({ topicName: p.topic, role: p.role }))])
        .sort(),
    );
    for (const u of users) expect(u.secretInputPaths).toContain("password");
  });

  it("runs Redis with TLS, a secret password and one private host per zone", () => {
    const redis = one(resources(), T.redis, "redis-cluster");
    expect(redis.inputs.tlsEnabled).toBe(true);
    expect(redis.secretInputPaths).toContain("config");
    expect(
      (redis.inputs.hosts as Array<Record<string, unknown>>).map((h) => [h.zone, h.assignPublicIp]),
    ).toEqual(config.zones.map((z) => [z, false]));
    expect(at(redis.inputs, "config.password")).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it("places the Kubernetes master and one autoscaled node group per zone", () => {
    const master = one(resources(), T.k8s, "kubernetes-cluster").inputs.master as Record<string, unknown>;
    if (config.kubernetes.master === "regional") {
      expect(at(master, "regional.locations")).toHaveLength(3);
      expect(master).not.toHaveProperty("zonal");
    } else {
      expect(at(master, "zonal.zone")).toBe(config.zones[0]);
      expect(master).not.toHaveProperty("regional");
    }
    const groups = ofType(resources(), T.nodes);
    expect(groups).toHaveLength(config.zones.length);
    const n = config.kubernetes.nodes;
    for (const g of groups) {
      expect(at(g.inputs, "scalePolicy.autoScale")).toEqual({
        min: n.minNodes,
        max: n.maxNodes,
        initial: n.initialNodes,
      });
      expect(at(g.inputs, "instanceTemplate.schedulingPolicy.preemptible")).toBe(stack === "dev");
      expect(at(g.inputs, "instanceTemplate.networkInterfaces[0].nat")).toBe(false);
    }
  });

  it("builds exactly the sizes the cost estimate prices", () => {
    const cost = costInputsFromConfig(config);
    const groups = ofType(resources(), T.nodes).map((g) => g.inputs);
    expect(
      groups.map((g) => [
        at(g, "scalePolicy.autoScale.min"),
        at(g, "scalePolicy.autoScale.max"),
        at(g, "instanceTemplate.resources.cores"),
        at(g, "instanceTemplate.resources.memory"),
      ]),
    ).toEqual(cost.kubernetes.nodeGroups.map((g) => [g.nodesMin, g.nodesMax, g.cores, g.memoryGb]));
    const specs = at(
      one(resources(), T.dataproc, "spark-cluster").inputs,
      "clusterConfig.subclusterSpecs",
    ) as Array<Record<string, unknown>>;
    expect(
      specs.map((s) => [
        s.role,
        at(s, "resources.resourcePresetId"),
        at(s, "resources.diskSize"),
        s.hostsCount,
      ]),
    ).toEqual(cost.spark.subclusters.map((s) => [s.role, s.resourcePresetId, s.disk.sizeGb, s.hostsMin]));
    const kafka = one(resources(), T.kafka, "kafka-cluster").inputs;
    expect([
      at(kafka, "config.kafka.resources.resourcePresetId"),
      at(kafka, "config.kafka.resources.diskSize"),
      (at(kafka, "config.zones") as string[]).length,
    ]).toEqual([cost.kafka.brokerPresetId, cost.kafka.disk.sizeGb, cost.kafka.zones]);
    const redis = one(resources(), T.redis, "redis-cluster").inputs;
    expect([at(redis, "resources.resourcePresetId"), (redis.hosts as unknown[]).length]).toEqual([
      cost.redis.resourcePresetId,
      cost.redis.hosts,
    ]);
    expect(ofType(resources(), T.gateway)).toHaveLength(cost.network.natGateways);
  });
});
