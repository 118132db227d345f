/**
 * Producer throughput into a real local broker on the production protocol (SASL_SSL, SCRAM-SHA-512,
 * ACLs: the `ingest` user): npm run bench:producer -- [--messages 500000 --batch-size 2000
 *   --max-in-flight 8 --compression zstd|lz4|gzip|none --partitions 6]
 * Prints acknowledged messages/s, ack latency p50/p99 and the producer's and broker's CPU per message.
 */
import { parseArgs } from "node:util";
import { cpuSeconds, ensureTopics, instanceTopics, localConnection, startKafka } from "@antifraud/local";
import { numberFlag, stringFlag } from "../src/cli/flags";
import { createKafkaSender, type Compression } from "../src/producer/kafka-sender";
import type { TransactionRecord } from "../src/producer/messages";
import { fullyDelivered, produceTransactions } from "../src/producer/produce";
import { formatReport } from "../src/producer/report-format";
import { generatedSource } from "../src/producer/sources";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ["messages", "batch-size", "max-in-flight", "compression", "partitions"].map((flag) => [
        flag,
        { type: "string" as const },
      ]),
    ),
  });
  const messages = numberFlag(values, "messages") ?? 500_000;
  const compression = (stringFlag(values, "compression") ?? "zstd") as Compression;
  const partitions = numberFlag(values, "partitions") ?? 6;
  const batchSize = numberFlag(values, "batch-size") ?? 2000;
  const maxInFlight = numberFlag(values, "max-in-flight") ?? 8;

  const records: TransactionRecord[] = [];
  for (const day of generatedSource({})) {
    records.push(...day.slice(0, messages - records.length));
    if (records.length >= messages) break;
  }

  const broker = await startKafka();
  console.log(
    `broker: SASL_SSL on ${broker.bootstrapServers}, started in ${(broker.startupMs / 1000).toFixed(1)} s`,
  );
  try {
    const { transactions: topic } = instanceTopics("bench-producer");
    await ensureTopics(localConnection(broker, "admin"), [topic], partitions);
    const sender = await createKafkaSender({ connection: localConnection(broker, "ingest"), compression });
    const cpuBefore = process.cpuUsage();
    const brokerBefore = cpuSeconds({ group: broker.pid() }) ?? NaN;
    const report = await produceTransactions({
      sender,
      source: [records],
      topic,
      labelsTopic: null,
      batchSize,
      maxInFlight,
    });
    const cpu = process.cpuUsage(cpuBefore);
    const brokerCpu = (cpuSeconds({ group: broker.pid() }) ?? NaN) - brokerBefore;
    await sender.close();
    console.log(
      `settings: batch ${batchSize}, in flight ${maxInFlight}, ${compression}, ${partitions} partitions`,
    );
    console.log(formatReport(report));
    console.log(
      `CPU per message: producer ${((cpu.user + cpu.system) / report.attempted).toFixed(1)} µs, broker ${((brokerCpu * 1e6) / report.attempted).toFixed(1)} µs`,
    );
    if (!fullyDelivered(report)) {
      console.error(
        `bench:producer: not every message was acknowledged: ${report.firstError ?? "unknown error"}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await broker.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:producer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
