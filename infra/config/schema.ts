/**
 * The whole stack configuration as one zod schema. Field checks live here; rules that relate
 * several fields (replication vs brokers, CIDR layout, HA requirements of prod) are in `rules.ts`.
 */
import { z } from "zod";

export const YANDEX_ZONES = ["ru-central1-a", "ru-central1-b", "ru-central1-d"] as const;
/** Each tier gets its own subnet per zone, so security groups can admit a tier by its CIDRs. */
export const NETWORK_TIERS = ["k8s", "data", "spark"] as const;
export type NetworkTier = (typeof NETWORK_TIERS)[number];

const cidr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: "must be an IPv4 CIDR such as 10.10.0.0/16" });
const positiveInt = z.int().min(1, { error: "must be an integer >= 1" });
const diskType = z.enum(["network-hdd", "network-ssd", "network-ssd-nonreplicated"], {
  error: "must be one of network-hdd, network-ssd, network-ssd-nonreplicated",
});
/** Yandex resource presets look like s3-c2-m8 (platform, cores, memory). */
const preset = z
  .string()
  .regex(/^[a-z0-9]+-c\d+-m\d+$/, { error: "must be a Yandex resource preset such as s3-c2-m8" });
const cpuQuantity = z
  .string()
  .regex(/^(\d+m|\d+(\.\d+)?)$/, { error: 'must be a Kubernetes CPU quantity such as "250m" or "1"' });
const memoryQuantity = z
  .string()
  .regex(/^\d+(Mi|Gi)$/, { error: 'must be a Kubernetes memory quantity such as "256Mi" or "1Gi"' });
const duration = z.string().regex(/^\d+[smhdwy]$/, { error: 'must be a duration such as "15d" or "12h"' });
const semver = z
  .string()
  .regex(/^\d+\.\d+\.\d+$/, { error: 'must be an exact chart version such as "77.0.1"' });

const resources = z.strictObject({
  cpuRequest: cpuQuantity,
  cpuLimit: cpuQuantity,
  memoryRequest: memoryQuantity,
  memoryLimit: memoryQuantity,
});

const topic = z.strictObject({
  partitions: positiveInt.max(1000, { error: "must be <= 1000" }),
  retentionHours: positiveInt,
});

const workload = z.strictObject({
  minReplicas: positiveInt,
  maxReplicas: positiveInt,
  targetCpuUtilization: z.int().min(10).max(95, { error: "must be a percentage between 10 and 95" }),
  resources,
});

export const stackConfigSchema = z.strictObject({
  yandex: z.strictObject({
    cloudId: z.string().regex(/^[a-z0-9]{20}$/, { error: "must be a 20-character Yandex cloud id" }),
    folderId: z.string().regex(/^[a-z0-9]{20}$/, { error: "must be a 20-character Yandex folder id" }),
    zone: z.enum(YANDEX_ZONES, { error: `must be one of ${YANDEX_ZONES.join(", ")}` }),
  }),
  environment: z.enum(["dev", "prod"], { error: 'must be "dev" or "prod"' }),
  zones: z
    .array(z.enum(YANDEX_ZONES, { error: `must be one of ${YANDEX_ZONES.join(", ")}` }))
    .min(1, { error: "must list at least one zone" }),
  network: z.strictObject({
    vpcCidr: cidr,
    subnetPrefixLength: z.int().min(16).max(28, { error: "must be between 16 and 28" }),
    podCidr: cidr,
    serviceCidr: cidr,
    adminCidrs: z.array(cidr).min(1, { error: "must list the networks allowed to reach the Kubernetes API" }),
  }),
  storage: z.strictObject({
    rawColdAfterDays: positiveInt,
    rawExpireAfterDays: positiveInt,
    cleanExpireAfterDays: positiveInt,
    modelNoncurrentExpireAfterDays: positiveInt,
    logExpireAfterDays: positiveInt,
    kmsRotationPeriod: z.string().regex(/^\d+h$/, { error: 'must be hours such as "8760h"' }),
    /** Expected steady-state volume per bucket and in the registry; priced by the cost estimate. */
    volumesGb: z.strictObject({
      raw: positiveInt,
      clean: positiveInt,
      models: positiveInt,
      spark: positiveInt,
      registry: positiveInt,
    }),
    forceDestroy: z.boolean(),
  }),
  spark: z.strictObject({
    imageVersion: z
      .string()
      .regex(/^\d+\.\d+$/, { error: 'must be a Data Processing image version such as "2.1"' }),
    master: z.strictObject({ preset, diskGb: positiveInt, diskType }),
    data: z.strictObject({ preset, hosts: positiveInt, diskGb: positiveInt, diskType }),
    compute: z.strictObject({
      preset,
      minHosts: z.int().min(0, { error: "must be an integer >= 0" }),
      maxHosts: positiveInt,
      diskGb: positiveInt,
      diskType,
      preemptible: z.boolean(),
      cpuUtilizationTarget: z.int().min(10).max(100, { error: "must be a percentage between 10 and 100" }),
    }),
  }),
  kafka: z.strictObject({
    version: z.string().regex(/^\d+\.\d+$/, { error: 'must be a Kafka version such as "3.6"' }),
    brokersPerZone: positiveInt,
    preset,
    diskGb: positiveInt,
    diskType,
    replicationFactor: positiveInt,
    minInsyncReplicas: positiveInt,
    topics: z.strictObject({
      transactions: topic,
      scores: topic,
      "transactions.dlq": topic,
      labels: topic,
    }),
  }),
  redis: z.strictObject({
    version: z.string().regex(/^\d+\.\d+$/, { error: 'must be a Redis version such as "7.2"' }),
    preset,
    diskGb: positiveInt,
    diskType,
  }),
  kubernetes: z.strictObject({
    version: z.string().regex(/^1\.\d+$/, { error: 'must be a Kubernetes minor version such as "1.30"' }),
    releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"], { error: "must be RAPID, REGULAR or STABLE" }),
    master: z.enum(["zonal", "regional"], { error: 'must be "zonal" or "regional"' }),
    nodes: z.strictObject({
      platform: z
        .string()
        .regex(/^standard-v[1-3]$/, { error: "must be standard-v1, standard-v2 or standard-v3" }),
      cores: positiveInt,
      memoryGb: positiveInt,
      coreFraction: z.union([z.literal(20), z.literal(50), z.literal(100)], {
        error: "must be 20, 50 or 100",
      }),
      diskGb: z.int().min(30, { error: "must be >= 30 (node images need the space)" }),
      diskType,
      minNodes: positiveInt,
      maxNodes: positiveInt,
      initialNodes: positiveInt,
      preemptible: z.boolean(),
    }),
  }),
  scoring: z.strictObject({
    port: z.int().min(1024).max(65535, { error: "must be an unprivileged port between 1024 and 65535" }),
    nodePort: z.int().min(30000).max(32767, { error: "must be in the NodePort range 30000-32767" }),
    loadBalancerPort: z.int().min(1).max(65535, { error: "must be a port between 1 and 65535" }),
    serve: workload,
    stream: workload,
    autoscaling: z.boolean(),
    podDisruptionBudget: z.boolean(),
  }),
  monitoring: z.strictObject({
    chartVersion: semver,
    retention: duration,
    storageGb: positiveInt,
    prometheusResources: resources,
    grafanaNodePort: z.int().min(30000).max(32767, { error: "must be in the NodePort range 30000-32767" }),
    telegramChatId: z.string().regex(/^-?\d+$/, { error: "must be a numeric Telegram chat id" }),
  }),
  budget: z.strictObject({
    monthlyLimit: z.number().positive({ error: "must be a positive amount" }),
    currency: z.literal("RUB", { error: 'must be "RUB" (the price table currency)' }),
  }),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type WorkloadConfig = StackConfig["scoring"]["serve"];
export type ResourceConfig = WorkloadConfig["resources"];
export type TopicName = keyof StackConfig["kafka"]["topics"];

/** Top-level keys and the config namespace each one is read from. */
export const CONFIG_KEYS = Object.keys(stackConfigSchema.shape).filter((k) => k !== "yandex") as Array<
  Exclude<keyof StackConfig, "yandex">
>;
export const YANDEX_KEYS = Object.keys(stackConfigSchema.shape.yandex.shape) as Array<
  keyof StackConfig["yandex"]
>;
