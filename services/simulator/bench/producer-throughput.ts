/**
 * Producer throughput into a real local broker: npm run bench:producer -- [--messages 500000
 *   --batch-size 2000 --max-in-flight 4 --connections 1 --compression gzip|none --partitions 6
 *   --client wire|kafkajs --brokers HOST:PORT (default: start a throwaway broker)]
 * Prints acknowledged messages/s, ack latency p50/p99 and the producer's CPU time per message.
 */
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { startKafka, uniqueTopic, type KafkaHandle } from "@antifraud/local";
import { numberFlag, stringFlag } from "../src/cli/flags";
import { createSender, parseClient } from "../src/producer/create-sender";
import type { TransactionRecord } from "../src/producer/messages";
import { fullyDelivered, produceTransactions } from "../src/producer/produce";
import { formatReport } from "../src/producer/report-format";
import { generatedSource } from "../src/producer/sources";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      [
        "brokers",
        "messages",
        "batch-size",
        "max-in-flight",
        "connections",
        "compression",
        "partitions",
        "client",
      ].map((flag) => [flag, { type: "string" as const }]),
    ),
  });
  const messages = numberFlag(values, "messages") ?? 500_000;
  const compression = stringFlag(values, "compression") === "none" ? "none" : "gzip";
  const partitions = numberFlag(values, "partitions") ?? 6;
  const client = parseClient(stringFlag(values, "client"));
  // Tuned for the wire client on 2 cores: >100k msg/s with ~50 ms p50; more in flight mostly adds queueing.
  const batchSize = numberFlag(values, "batch-size") ?? 2000;
  const maxInFlight = numberFlag(values, "max-in-flight") ?? 4;

  const records: TransactionRecord[] = [];
  for (const day of generatedSource({})) {
    records.push(...day.slice(0, messages - records.length));
    if (records.length >= messages) break;
  }

  let broker: KafkaHandle | undefined;
  const given = stringFlag(values, "brokers");
  if (given === undefined) {
    broker = await startKafka();
    console.log(`broker: started in ${(broker.startupMs / 1000).toFixed(1)} s on ${broker.bootstrapServers}`);
  }
  const brokers = given?.split(",") ?? [broker!.bootstrapServers];
  try {
    const topic = uniqueTopic("bench-transactions");
    const admin = new Kafka({ brokers, logLevel: logLevel.ERROR }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    await admin.disconnect();

    const sender = await createSender({
      client,
      brokers,
      compression,
      connections: numberFlag(values, "connections") ?? 1,
    });
    const cpuBefore = process.cpuUsage();
    const report = await produceTransactions({
      sender,
      source: [records],
      topic,
      labelsTopic: null,
      batchSize,
      maxInFlight,
    });
    const cpu = process.cpuUsage(cpuBefore);
    await sender.close();
    const settings = `client ${client}, batch ${batchSize}, in flight ${maxInFlight}, connections ${numberFlag(values, "connections") ?? 1}, ${compression}, ${partitions} partitions`;
    console.log(`settings: ${settings}`);
    console.log(formatReport(report));
    console.log(
      `producer CPU: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms = ${((cpu.user + cpu.system) / report.attempted).toFixed(1)} µs/message`,
    );
    if (!fullyDelivered(report)) {
      console.error(
        `bench:producer: not every message was acknowledged: ${report.firstError ?? "unknown error"}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await broker?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:producer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
