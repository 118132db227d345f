import { Kafka, logLevel } from "kafkajs";

/** True once the broker answers a metadata request and has a controller (it can create topics). */
export async function kafkaAnswersMetadata(bootstrapServers: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: "antifraud-local-ready",
    brokers: [bootstrapServers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller >= 0;
  } finally {
    await admin.disconnect();
  }
}
