import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as yandex from "@antifraud/infra/yandex";
import * as msk from "@pulumi/aws/msk";
import { WORKLOAD_TYPES } from "../lib/kubernetes-types";
import { configSchemaOf, configValues, integerParam } from "../lib/policy-config";
import { ownedObjectsOnly, validateTypes } from "../lib/typed-validation";
import { containersOf, workloadOf } from "../lib/workload";

export const kafkaNoPublicAccess: ResourceValidationPolicy = {
  name: "kafka-no-public-access",
  description: "Kafka brokers get no public IP addresses; clients reach them inside the VPC.",
  severity: "critical",
  validateResource: [
    validateResourceOfType(yandex.MdbKafkaCluster, (cluster, _args, report) => {
      if (cluster.config.assignPublicIp === true) {
        report(
          "config.assignPublicIp is true: brokers would be reachable from the internet; set it to false",
        );
      }
    }),
    validateResourceOfType(msk.Cluster, (cluster, _args, report) => {
      const type = cluster.brokerNodeGroupInfo.connectivityInfo?.publicAccess?.type;
      if (type !== undefined && type !== "DISABLED") {
        report(
          `brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "${type}": brokers would be reachable from ` +
            'the internet; set it to "DISABLED"',
        );
      }
    }),
  ],
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

/** `key=value` lines of an MSK configuration's serverProperties (comments and blank lines skipped). */
export function serverProperties(text: string): ReadonlyMap<string, string> {
  return new Map(
    text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#") && line.includes("="))
      .map((line) => {
        const at = line.indexOf("=");
        return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
      }),
  );
}

/** A topic's configs (MSK passes them as a JSON object of strings); empty when unset or unreadable. */
function topicConfigs(configs: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(configs ?? "{}");
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function reportTopicReplication(
  topic: { name: string; replicationFactor: number; minInsyncReplicas: unknown },
  limits: { minReplicationFactor: number; minInsyncReplicas: number },
  report: ReportViolation,
): void {
  const { name, replicationFactor } = topic;
  if (replicationFactor < limits.minReplicationFactor) {
    report(
      `topic "${name}" has replicationFactor ${replicationFactor}; at least ${limits.minReplicationFactor} required`,
    );
  }
  const isr = asNumber(topic.minInsyncReplicas);
  if (isr === undefined || isr < limits.minInsyncReplicas) {
    report(
      `topic "${name}" has minInsyncReplicas ${isr ?? "unset"}; at least ${limits.minInsyncReplicas} required`,
    );
  } else if (replicationFactor > 1 && isr >= replicationFactor) {
    report(
      `topic "${name}" has minInsyncReplicas ${isr} >= replicationFactor ${replicationFactor}: ` +
        "one broker down would block every producer",
    );
  }
}

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
      reportTopicReplication(
        { ...topic, minInsyncReplicas: topic.topicConfig?.minInsyncReplicas },
        configValues(replicationConfig, args),
        report,
      );
    }),
    validateResourceOfType(msk.Cluster, (cluster, args, report) => {
      const { minReplicationFactor } = configValues(replicationConfig, args);
      if (cluster.numberOfBrokerNodes < minReplicationFactor) {
        report(`${cluster.numberOfBrokerNodes} broker node(s) cannot hold ${minReplicationFactor} replicas`);
      }
    }),
    validateResourceOfType(msk.Configuration, (config, args, report) => {
      const { minReplicationFactor } = configValues(replicationConfig, args);
      const props = serverProperties(config.serverProperties);
      // MSK's own default is false; a topic created on first use gets default.replication.factor.
      if (props.get("auto.create.topics.enable") !== "true") return;
      const fallback = asNumber(props.get("default.replication.factor"));
      if (fallback === undefined || fallback < minReplicationFactor) {
        report(
          `serverProperties enable auto.create.topics with default.replication.factor ${fallback ?? "unset"}; ` +
            `auto-created topics need at least ${minReplicationFactor}`,
        );
      }
    }),
    validateResourceOfType(msk.Topic, (topic, args, report) => {
      reportTopicReplication(
        {
          name: topic.name ?? args.name,
          replicationFactor: topic.replicationFactor,
          minInsyncReplicas: topicConfigs(topic.configs)["min.insync.replicas"],
        },
        configValues(replicationConfig, args),
        report,
      );
    }),
  ],
};

const isAdminRole = (role: string) => /ADMIN/.test(role);

export const kafkaPerRoleUsers: ResourceValidationPolicy = {
  name: "kafka-per-role-users",
  description:
    "Each service has its own Kafka user with only the topic permissions it needs: no inline users, no admin, no " +
    "wildcard topics (on MSK: SCRAM sign-in, no unauthenticated access, and no topic open to all for lack of ACLs).",
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
    validateResourceOfType(msk.Cluster, (cluster, _args, report) => {
      const auth = cluster.clientAuthentication;
      if (auth?.unauthenticated === true) {
        report(
          "clientAuthentication.unauthenticated is true: any client in the VPC could read and write every topic; " +
            "set it to false",
        );
      }
      if (auth?.sasl?.scram !== true) {
        report(
          "clientAuthentication.sasl.scram is not true: services cannot sign in as their own SCRAM users",
        );
      }
    }),
    validateResourceOfType(msk.Configuration, (config, _args, report) => {
      const value = serverProperties(config.serverProperties).get("allow.everyone.if.no.acl.found");
      // MSK defaults it to true: a topic without ACLs would be open to every authenticated user.
      if (value !== "false") {
        report(
          `serverProperties set allow.everyone.if.no.acl.found to ${value ?? "unset (MSK: true)"}: a topic without ` +
            "ACLs would be open to every user; set it to false",
        );
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
    "Workloads that reach Kafka (KAFKA_BROKERS) do so over SASL_SSL, verifying the brokers against a CA file; " +
    "MSK brokers accept TLS only, from clients and from each other.",
  severity: "high",
  validateResource: [
    validateResourceOfType(msk.Cluster, (cluster, _args, report) => {
      // Unset means the service default: TLS for clients and between brokers.
      const transit = cluster.encryptionInfo?.encryptionInTransit;
      if (transit?.clientBroker !== undefined && transit.clientBroker !== "TLS") {
        report(
          `encryptionInfo.encryptionInTransit.clientBroker is "${transit.clientBroker}": clients could connect ` +
            'in clear; set "TLS"',
        );
      }
      if (transit?.inCluster === false) {
        report("encryptionInfo.encryptionInTransit.inCluster is false: brokers would replicate in clear");
      }
    }),
    ownedObjectsOnly(
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
  ],
};

export const kafkaPolicies = [kafkaNoPublicAccess, kafkaReplication, kafkaPerRoleUsers, kafkaClientsUseTls];
