import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import { WORKLOAD_TYPES } from "../lib/kubernetes-types";
import { configSchemaOf, configValues, integerParam } from "../lib/policy-config";
import { ownedObjectsOnly, validateTypes } from "../lib/typed-validation";
import { containersOf, workloadOf } from "../lib/workload";

export const kafkaNoPublicAccess: ResourceValidationPolicy = {
  name: "kafka-no-public-access",
  description: "Kafka brokers get no public IP addresses; clients reach them inside the VPC.",
  severity: "critical",
  validateResource: validateResourceOfType(yandex.MdbKafkaCluster, (cluster, _args, report) => {
    if (cluster.config.assignPublicIp === true) {
      report("config.assignPublicIp is true: brokers would be reachable from the internet; set it to false");
    }
  }),
};

const replicationConfig = {
  minReplicationFactor: integerParam(
    "Smallest replication factor for the cluster default and every topic",
    3,
  ),
  minInsyncReplicas: integerParam("Smallest min.insync.replicas of every topic", 2),
};

const asNumber = (v: unknown): number | undefined => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

export const kafkaReplication: ResourceValidationPolicy = {
  name: "kafka-replication",
  description:
    "Enough brokers and replicas that losing a broker (or a zone in prod) loses no acknowledged message.",
  severity: "high",
  configSchema: configSchemaOf(replicationConfig),
  validateResource: [
    validateResourceOfType(yandex.MdbKafkaCluster, (cluster, args, report) => {
      const { minReplicationFactor } = configValues(replicationConfig, args);
      const brokers = cluster.config.zones.length * (cluster.config.brokersCount ?? 1);
      if (brokers < minReplicationFactor) {
        report(
          `${brokers} broker(s) (${cluster.config.zones.length} zone(s) x ${cluster.config.brokersCount ?? 1}) ` +
            `cannot hold ${minReplicationFactor} replicas`,
        );
      }
      const fallback = asNumber(cluster.config.kafka.kafkaConfig?.defaultReplicationFactor);
      if (fallback === undefined || fallback < minReplicationFactor) {
        report(
          `kafkaConfig.defaultReplicationFactor is ${fallback ?? "unset"}; auto-created topics need at least ${minReplicationFactor}`,
        );
      }
    }),
    validateResourceOfType(yandex.MdbKafkaTopic, (topic, args, report) => {
      const { minReplicationFactor, minInsyncReplicas } = configValues(replicationConfig, args);
      if (topic.replicationFactor < minReplicationFactor) {
        report(
          `topic "${topic.name}" has replicationFactor ${topic.replicationFactor}; at least ${minReplicationFactor} required`,
        );
      }
      const isr = asNumber(topic.topicConfig?.minInsyncReplicas);
      if (isr === undefined || isr < minInsyncReplicas) {
        report(
          `topic "${topic.name}" has minInsyncReplicas ${isr ?? "unset"}; at least ${minInsyncReplicas} required`,
        );
      } else if (topic.replicationFactor > 1 && isr >= topic.replicationFactor) {
        report(
          `topic "${topic.name}" has minInsyncReplicas ${isr} >= replicationFactor ${topic.replicationFactor}: ` +
            "one broker down would block every producer",
        );
      }
    }),
  ],
};

const isAdminRole = (role: string) => /ADMIN/.test(role);

export const kafkaPerRoleUsers: ResourceValidationPolicy = {
  name: "kafka-per-role-users",
  description:
    "Each service has its own Kafka user with only the topic permissions it needs: no inline users, no admin, no wildcard topics.",
  severity: "high",
  validateResource: [
    validateResourceOfType(yandex.MdbKafkaCluster, (cluster, _args, report) => {
      if ((cluster.users ?? []).length > 0) {
        report(
          `cluster declares ${cluster.users?.length} inline user(s); declare one MdbKafkaUser per service role instead`,
        );
      }
    }),
    validateResourceOfType(yandex.MdbKafkaUser, (user, _args, report) => {
      const permissions = user.permissions ?? [];
      if (permissions.length === 0) report(`user "${user.name}" has no topic permissions`);
      const roles = new Map<string, Set<string>>();
      for (const p of permissions) {
        if (isAdminRole(p.role))
          report(`user "${user.name}" has role ${p.role} on "${p.topicName}"; services need no admin rights`);
        if (p.topicName.includes("*"))
          report(`user "${user.name}" has ${p.role} on wildcard topic "${p.topicName}"`);
        roles.set(p.topicName, (roles.get(p.topicName) ?? new Set()).add(p.role));
      }
      for (const [topic, set] of roles) {
        if (
          set.size > 1 &&
          [...set].some((r) => /PRODUCER/.test(r)) &&
          [...set].some((r) => /CONSUMER/.test(r))
        ) {
          report(
            `user "${user.name}" both produces to and consumes from "${topic}": split producer and consumer roles`,
          );
        }
      }
    }),
  ],
};

interface EnvProps {
  readonly name?: string;
  readonly value?: unknown;
}

/**
 * Managed Kafka listens on SASL_SSL only; a client configured without TLS would send SCRAM
 * exchanges and messages in clear (or not connect at all).
 */
export const kafkaClientsUseTls: ResourceValidationPolicy = {
  name: "kafka-tls",
  description:
    "Workloads that reach Kafka (KAFKA_BROKERS) do so over SASL_SSL, verifying the brokers against a CA file.",
  severity: "high",
  validateResource: ownedObjectsOnly(
    validateTypes(WORKLOAD_TYPES, (props, args, report) => {
      const workload = workloadOf(args.type, props);
      for (const c of workload ? containersOf(workload.podSpec) : []) {
        const env = new Map(
          ((c.container.env ?? []) as readonly EnvProps[]).map((e) => [e.name, e.value] as const),
        );
        if (!env.has("KAFKA_BROKERS")) continue;
        // Explicit, not the service's default: the manifest alone must show the protocol.
        const protocol = env.get("KAFKA_SECURITY_PROTOCOL");
        if (protocol !== "sasl_ssl") {
          report(
            `${c.label}: reaches Kafka with KAFKA_SECURITY_PROTOCOL=${String(protocol ?? "unset")}; set "sasl_ssl"`,
          );
        }
        if (env.get("KAFKA_SSL_CA_PATH") === undefined) {
          report(
            `${c.label}: reaches Kafka without KAFKA_SSL_CA_PATH (the brokers' certificates go unverified)`,
          );
        }
        if (env.get("KAFKA_SASL_MECHANISM") === undefined) {
          report(`${c.label}: reaches Kafka without KAFKA_SASL_MECHANISM`);
        }
      }
    }),
  ),
};

export const kafkaPolicies = [kafkaNoPublicAccess, kafkaReplication, kafkaPerRoleUsers, kafkaClientsUseTls];
