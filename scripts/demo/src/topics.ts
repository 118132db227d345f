import { TOPICS } from "@antifraud/contracts";
import { ensureTopics as createMissing, localConnection, type LocalBroker } from "@antifraud/local";

/**
 * Creates the platform's topics as the Pulumi program does in the cloud (MdbKafkaTopic, by the
 * admin: no role may create topics), so the stream worker never starts against a missing topic.
 */
export async function ensureTopics(broker: LocalBroker, partitions: number): Promise<void> {
  await createMissing(localConnection(broker, "admin"), Object.values(TOPICS), partitions);
}
