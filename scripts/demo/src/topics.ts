import { Kafka, logLevel } from "kafkajs";
import { TOPICS } from "@antifraud/contracts";

/**
 * Creates the platform's topics as the Pulumi program does in the cloud (MdbKafkaTopic), so the
 * stream worker never starts against a topic that does not exist yet.
 */
export async function ensureTopics(brokers: string, partitions: number): Promise<void> {
  const admin = new Kafka({
    clientId: "antifraud-demo-admin",
    brokers: brokers.split(","),
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(TOPICS).filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
