import { KafkaJS } from "@confluentinc/kafka-javascript";
import { librdkafkaConnectionConfig, type KafkaConnection, type KafkaUserName } from "@antifraud/contracts";
import type { KafkaSecurity } from "./kafka-access";

/** What the local tooling needs of a broker: where it is and, for SASL_SSL, its CA and users. */
export interface LocalBroker {
  readonly bootstrapServers: string;
  readonly security: KafkaSecurity | undefined;
}

/**
 * How `user` connects to a local broker: SASL_SSL with the user's SCRAM credentials and the local
 * CA, or plaintext when the broker was started so. `admin` is the super user (topics, offsets).
 */
export function localConnection(broker: LocalBroker, user: "admin" | KafkaUserName): KafkaConnection {
  const brokers = broker.bootstrapServers.split(",");
  if (broker.security === undefined) return { brokers, security: { protocol: "plaintext" } };
  const { username, password } = broker.security.users[user];
  return {
    brokers,
    security: {
      protocol: "sasl_ssl",
      caFile: broker.security.caFile,
      mechanism: broker.security.mechanism,
      username,
      password,
    },
  };
}

/** librdkafka's log off (errors reach the caller as rejected promises); raw librdkafka properties. */
export function kafkaClient(connection: KafkaConnection, clientId: string): KafkaJS.Kafka {
  return new KafkaJS.Kafka({
    ...librdkafkaConnectionConfig(connection),
    "client.id": clientId,
    log_level: 0,
  } as ConstructorParameters<typeof KafkaJS.Kafka>[0]);
}

/** A connected admin client; `use` runs with it and it is disconnected afterwards. */
export async function withAdmin<T>(
  connection: KafkaConnection,
  use: (admin: KafkaJS.Admin) => Promise<T>,
): Promise<T> {
  const admin = kafkaClient(connection, "antifraud-local-admin").admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates topics that do not exist yet (as the Pulumi program's MdbKafkaTopic does in the cloud). */
export async function ensureTopics(
  connection: KafkaConnection,
  topics: readonly string[],
  partitions: number,
  config: Readonly<Record<string, string>> = {},
): Promise<void> {
  await withAdmin(connection, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      topics: missing.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor: 1,
        configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      })),
    });
  });
}
