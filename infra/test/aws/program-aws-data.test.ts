/**
 * The program with antifraud:cloud = aws, both stacks, under the mock engine: the network, storage and data
 * services with their key properties and secrets (the cluster side is in program-aws-cluster.test.ts).
 */
import { KAFKA_USER_NAMES, KAFKA_USERS, userAcls } from "@antifraud/contracts";
import { instanceTypeForPreset } from "../../aws/sizes";
import { serviceZones } from "../../aws/zones";
import { AWS_NETWORK_TIERS, YANDEX_ZONES } from "../../config/schema";
import { tierSubnets } from "../../network-math";
import { MOCK_AWS_ACCOUNT } from "../../testing/aws-mock-outputs";
import { OFFLINE_SECRET_CONFIG } from "../../testing/capture";
import type { CaptureResult, StackName } from "../../testing/capture";
import { at, configOf, ofType, one } from "../helpers";
import { captureAws, doc, T } from "./fixtures";

let captured: Record<StackName, CaptureResult>;
beforeAll(async () => {
  captured = await captureAws();
}, 120_000);

describe.each(["dev", "prod"] as const)("%s stack on AWS", (stack) => {
  const config = configOf(stack);
  const region = config.aws.region;
  const resources = () => captured[stack].resources;
  const zones = serviceZones(region, config.zones);
  const nodeZones = config.zones.map((z) => `${region}${"abc"[YANDEX_ZONES.indexOf(z as never)]}`);

  it("creates only AWS, Kubernetes and helper resources, every AWS one through the stack's explicit provider", () => {
    const types = new Set(resources().map((r) => r.type.split(":")[0]));
    expect([...types].sort()).toEqual([
      "antifraud",
      "aws",
      "docker-build",
      "kafka",
      "kubernetes",
      "pulumi",
      "random",
      "tls",
    ]);
    const awsResources = resources().filter((r) => r.type.startsWith("aws:"));
    expect(awsResources.length).toBeGreaterThan(100);
    for (const r of awsResources) expect(r.provider).toMatch(/::pulumi:providers:aws::aws::aws-id$/);
    expect(one(resources(), "pulumi:providers:aws", "aws").inputs.region).toBe(region);
  });

  it("lays out private subnets per tier in at least two zones, public ones for NAT, and routes each zone out", () => {
    const expected = tierSubnets(
      config.network.vpcCidr,
      AWS_NETWORK_TIERS,
      zones.map((z) => z.slot),
      YANDEX_ZONES,
      config.network.subnetPrefixLength,
    );
    const subnets = ofType(resources(), T.subnet);
    expect(
      subnets
        .map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch])
        .sort(),
    ).toEqual(expected.map((e) => [e.cidr, zones.find((z) => z.slot === e.zone)?.name, false]).sort());
    expect(zones.length).toBe(stack === "dev" ? 2 : 3);
    const nats = ofType(resources(), T.nat);
    expect(nats.map((n) => n.name).sort()).toEqual(
      (stack === "dev" ? [`${region}a`] : nodeZones).map((z) => `network-nat-${z}`).sort(),
    );
    // Every private subnet is associated with a route table through a NAT; public ones with the internet gateway.
    expect(ofType(resources(), T.assoc)).toHaveLength(subnets.length);
    const s3 = one(resources(), T.endpoint, "network-s3");
    expect(s3.inputs).toMatchObject({
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: "Gateway",
    });
    expect(one(resources(), T.endpoint, "network-sts").inputs).toMatchObject({
      privateDnsEnabled: true,
      vpcEndpointType: "Interface",
    });
  });

  it("admits each data service's port only from its client subnets, never from anywhere", () => {
    const rules = ofType(resources(), T.ingress);
    expect(rules.map((r) => r.inputs.cidrIpv4)).not.toContain("0.0.0.0/0");
    const k8s = expected("k8s");
    const spark = expected("spark");
    const byGroup = (prefix: string) =>
      rules
        .filter((r) => r.name.startsWith(prefix))
        .map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort]);
    expect(byGroup("network-sg-kafka-in")).toEqual([...k8s, ...spark].map((c) => [c, 9096, 9096]));
    expect(byGroup("network-sg-redis-in")).toEqual([...k8s, ...spark].map((c) => [c, 6379, 6379]));
    expect(byGroup("network-sg-postgresql-in")).toEqual(k8s.map((c) => [c, 5432, 5432]));
    expect(byGroup("kubernetes-nodeport-scoring")).toEqual(
      config.scoring.clientCidrs.map((c) => [c, config.scoring.nodePort, config.scoring.nodePort]),
    );
    expect(byGroup("kubernetes-nodeport-grafana")).toEqual(
      config.network.adminCidrs.map((c) => [
        c,
        config.monitoring.grafanaNodePort,
        config.monitoring.grafanaNodePort,
      ]),
    );
    expect(byGroup("kubernetes-nodeport-mlflow")).toEqual(spark.map((c) => [c, 30500, 30500]));
  });
  const expected = (tier: string) =>
    tierSubnets(
      config.network.vpcCidr,
      AWS_NETWORK_TIERS,
      zones.map((z) => z.slot),
      YANDEX_ZONES,
      config.network.subnetPrefixLength,
    )
      .filter((s) => s.tier === tier)
      .map((s) => s.cidr);

  it("encrypts every bucket with the stack's KMS key, blocks public access, denies plain HTTP, versions the data", () => {
    const buckets = ofType(resources(), T.bucket);
    expect(buckets.map((b) => b.name).sort()).toEqual([
      "storage-clean",
      "storage-models",
      "storage-raw",
      "storage-spark",
    ]);
    const key = one(resources(), T.kms, "storage-kms");
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, rotationPeriodInDays: 365 });
    for (const b of buckets) {
      expect(b.inputs.bucketPrefix).toBe(`antifraud-${stack}-${b.name.slice("storage-".length)}-`);
      expect(b.inputs.forceDestroy).toBe(stack === "dev");
      const sse = one(resources(), T.sse, b.name);
      expect(at(sse.inputs, "rules[0].applyServerSideEncryptionByDefault")).toEqual({
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: expect.stringMatching(new RegExp(`^arn:aws:kms:${region}:${MOCK_AWS_ACCOUNT}:key/`)),
      });
      expect(one(resources(), T.block, b.name).inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(doc(one(resources(), T.bucketPolicy, b.name), "policy").Statement).toEqual([
        expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      ]);
    }
    expect(
      ofType(resources(), T.versioning)
        .map((v) => v.name)
        .sort(),
    ).toEqual(["storage-clean", "storage-models", "storage-raw"]);
    expect(at(one(resources(), T.lifecycle, "storage-raw").inputs, "rules[0]")).toMatchObject({
      transitions: [{ days: config.storage.rawColdAfterDays, storageClass: "GLACIER_IR" }],
      expiration: { days: config.storage.rawExpireAfterDays },
    });
  });

  it("runs MSK with SASL/SCRAM over TLS only, encrypted, private, with the platform's topics and users", () => {
    const msk = one(resources(), T.msk, "kafka-cluster");
    expect(msk.inputs).toMatchObject({
      kafkaVersion: "4.0.x.kraft",
      numberOfBrokerNodes: config.kafka.brokersPerZone * zones.length,
      clientAuthentication: { sasl: { scram: true, iam: false }, unauthenticated: false },
      encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
      brokerNodeGroupInfo: {
        instanceType: instanceTypeForPreset("msk", config.kafka.preset).type,
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
        storageInfo: { ebsStorageInfo: { volumeSize: config.kafka.diskGb } },
      },
    });
    expect(String(one(resources(), T.mskConfig, "kafka-config").inputs.serverProperties).split("\n")).toEqual(
      expect.arrayContaining([
        "auto.create.topics.enable=false",
        "allow.everyone.if.no.acl.found=false",
        `min.insync.replicas=${config.kafka.minInsyncReplicas}`,
      ]),
    );
    const topics = ofType(resources(), T.topic);
    expect(
      topics
        .map((t) => [
          t.inputs.name,
          t.inputs.partitionCount,
          t.inputs.replicationFactor,
          JSON.parse(t.inputs.configs as string)["retention.ms"],
        ])
        .sort(),
    ).toEqual(
      Object.entries(config.kafka.topics)
        .map(([name, t]) => [
          name,
          t.partitions,
          config.kafka.replicationFactor,
          String(t.retentionHours * 3_600_000),
        ])
        .sort(),
    );
    const secrets = ofType(resources(), T.secret);
    expect(secrets.map((s) => s.inputs.name).sort()).toEqual(
      [...Object.keys(KAFKA_USERS), "antifraud-admin"]
        .map((u) => `AmazonMSK_antifraud-${stack}-kafka-${u}`)
        .sort(),
    );
    for (const s of secrets) expect(s.inputs.kmsKeyId).toMatch(/^arn:aws:kms:/);
    for (const v of ofType(resources(), T.secretVersion))
      expect(v.secretInputPaths).toEqual(["secretString"]);
    expect(captured[stack].outputs.kafkaBootstrapServers).toMatch(
      /^(b-\d+\.antifraud-[a-z]+-kafka\.[0-9a-f]+\.c2\.kafka\.[a-z0-9-]+\.amazonaws\.com:9096,?)+$/,
    );
  });

  it("grants each service user exactly its contract ACLs, written as the MSK super user over verified TLS", () => {
    const provider = one(resources(), "pulumi:providers:kafka", "kafka-acls-provider");
    expect(provider.inputs).toMatchObject({
      // Provider inputs travel as strings.
      tlsEnabled: "true",
      saslMechanism: "scram-sha512",
      saslUsername: "antifraud-admin",
    });
    expect([...provider.secretInputPaths].sort()).toEqual(["caCert", "saslPassword"]);
    expect(String(provider.inputs.caCert)).toBe(OFFLINE_SECRET_CONFIG["antifraud:managedServicesCaPem"]);
    expect(String(one(resources(), T.mskConfig, "kafka-config").inputs.serverProperties)).toContain(
      "super.users=User:antifraud-admin\n",
    );
    const acls = ofType(resources(), "kafka:index/acl:Acl");
    for (const acl of acls) expect(acl.provider).toContain("$pulumi:providers:kafka::kafka-acls-provider::");
    const granted = acls.map((a) =>
      [
        a.inputs.aclPrincipal,
        a.inputs.aclResourceType,
        a.inputs.resourcePatternTypeFilter,
        a.inputs.aclResourceName,
        a.inputs.aclOperation,
        a.inputs.aclPermissionType,
        a.inputs.aclHost,
      ].join(" "),
    );
    const pascal = (s: string) =>
      s.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
    const expected = KAFKA_USER_NAMES.flatMap((user) => userAcls(user)).map((a) =>
      [
        a.principal,
        a.resourceType === "TRANSACTIONAL_ID" ? "TransactionalID" : pascal(a.resourceType),
        pascal(a.patternType),
        a.resourceName,
        pascal(a.operation),
        "Allow",
        "*",
      ].join(" "),
    );
    expect(granted.sort()).toEqual(expected.sort());
    expect(granted.some((g) => g.startsWith("User:antifraud-admin"))).toBe(false);
  });

  it("runs ElastiCache for Valkey with TLS required, AUTH and one node per zone", () => {
    const redis = one(resources(), T.redis, "redis-cluster");
    expect(redis.inputs).toMatchObject({
      engine: "valkey",
      engineVersion: "8.1",
      nodeType: instanceTypeForPreset("elasticache", config.redis.preset).type,
      numCacheClusters: config.zones.length,
      preferredCacheClusterAzs: nodeZones,
      automaticFailoverEnabled: stack === "prod",
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      atRestEncryptionEnabled: true,
    });
    expect(redis.secretInputPaths).toEqual(["authToken"]);
  });

  it("runs RDS for PostgreSQL private, encrypted, TLS forced, Multi-AZ in prod", () => {
    const rds = one(resources(), T.rds, "postgresql-instance");
    expect(rds.inputs).toMatchObject({
      engine: "postgres",
      engineVersion: config.mlflow.postgresql.version,
      instanceClass: instanceTypeForPreset("rds", config.mlflow.postgresql.preset).type,
      storageEncrypted: true,
      publiclyAccessible: false,
      multiAz: stack === "prod",
      deletionProtection: stack === "prod",
    });
    expect(rds.secretInputPaths).toEqual(["password"]);
    expect(one(resources(), T.rdsParams, "postgresql-parameters").inputs.parameters).toEqual([
      { name: "rds.force_ssl", value: "1" },
    ]);
  });

  it("runs EMR in a private subnet under an at-rest encryption configuration, autoscaled between the compute bounds", () => {
    const s = config.spark;
    const emr = one(resources(), T.emr, "spark-cluster");
    expect(emr.inputs).toMatchObject({
      releaseLabel: "emr-7.5.0",
      applications: ["Spark"],
      terminationProtection: stack === "prod",
      masterInstanceGroup: {
        instanceType: instanceTypeForPreset("emr", s.master.preset).type,
        instanceCount: 1,
      },
      coreInstanceGroup: {
        instanceType: instanceTypeForPreset("emr", s.data.preset).type,
        instanceCount: s.data.hosts,
      },
    });
    expect(String(at(emr.inputs, "ec2Attributes.subnetId"))).toMatch(/^subnet-/);
    expect(one(resources(), T.emrTask, "spark-task").inputs.instanceCount).toBe(s.compute.minHosts);
    expect(at(one(resources(), T.emrScaling, "spark-scaling").inputs, "computeLimits[0]")).toEqual({
      unitType: "Instances",
      minimumCapacityUnits: 1 + s.data.hosts + s.compute.minHosts,
      maximumCapacityUnits: 1 + s.data.hosts + s.compute.maxHosts,
      maximumCoreCapacityUnits: s.data.hosts,
      maximumOndemandCapacityUnits: 1 + s.data.hosts + s.compute.maxHosts,
    });
  });
});
