/**
 * npm run produce -- --brokers HOST:PORT (--input DIR | --generate) [--topic transactions --rate N|max
 *   --labels-topic labels --label-delay-ms N --from YYYY-MM-DD --to YYYY-MM-DD --batch-size N
 *   --max-in-flight N --connections N --compression gzip|none --client wire|kafkajs --limit N]
 * --client wire (default) is our own Kafka protocol client, kafkajs the idempotent library producer.
 * Exits 1 unless every message it attempted was acknowledged by the broker.
 */
import { parseArgs } from "node:util";
import { createSender, parseClient } from "../producer/create-sender";
import type { TransactionRecord } from "../producer/messages";
import { formatReport } from "../producer/report-format";
import { fullyDelivered, produceTransactions } from "../producer/produce";
import { generatedSource, rawFileSource } from "../producer/sources";
import { numberFlag, stringFlag } from "./flags";

async function* limited<T>(source: AsyncIterable<T[]> | Iterable<T[]>, limit: number): AsyncGenerator<T[]> {
  let left = limit;
  for await (const chunk of source) {
    if (left <= 0) return;
    yield chunk.length <= left ? chunk : chunk.slice(0, left);
    left -= chunk.length;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: "string" },
      input: { type: "string" },
      generate: { type: "boolean" },
      seed: { type: "string" },
      topic: { type: "string" },
      "labels-topic": { type: "string" },
      "no-labels": { type: "boolean" },
      "label-delay-ms": { type: "string" },
      rate: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      limit: { type: "string" },
      "batch-size": { type: "string" },
      "max-in-flight": { type: "string" },
      connections: { type: "string" },
      compression: { type: "string" },
      client: { type: "string" },
      quiet: { type: "boolean" },
    },
    strict: true,
  });
  const brokers = stringFlag(values, "brokers")?.split(",");
  if (brokers === undefined) throw new Error("--brokers HOST:PORT[,HOST:PORT] is required");
  const input = stringFlag(values, "input");
  if ((input === undefined) === !values.generate)
    throw new Error("give exactly one of --input DIR or --generate");
  const rateFlag = stringFlag(values, "rate") ?? "max";
  const rate = rateFlag === "max" ? "max" : numberFlag(values, "rate")!;
  if (rate !== "max" && !(rate > 0))
    throw new Error(`--rate must be a positive number or "max", got ${rateFlag}`);
  const compression = stringFlag(values, "compression") ?? "gzip";
  if (compression !== "gzip" && compression !== "none")
    throw new Error(`--compression must be gzip or none, got ${compression}`);

  const client = parseClient(stringFlag(values, "client"));

  let invalidLines = 0;
  const seed = numberFlag(values, "seed");
  const from = stringFlag(values, "from");
  const to = stringFlag(values, "to");
  const baseSource: AsyncIterable<TransactionRecord[]> | Iterable<TransactionRecord[]> =
    input !== undefined
      ? rawFileSource(input, {
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          onInvalidLine: () => invalidLines++,
        })
      : generatedSource(seed === undefined ? {} : { seed });
  const limit = numberFlag(values, "limit");
  const source = limit === undefined ? baseSource : limited(baseSource, limit);

  const sender = await createSender({
    client,
    brokers,
    compression,
    connections: numberFlag(values, "connections") ?? 1,
  });
  const labelDelayMs = numberFlag(values, "label-delay-ms");
  const batchSize = numberFlag(values, "batch-size");
  const maxInFlight = numberFlag(values, "max-in-flight");
  const topic = stringFlag(values, "topic");
  const report = await produceTransactions({
    sender,
    source,
    rate,
    labelsTopic: values["no-labels"] ? null : (stringFlag(values, "labels-topic") ?? "labels"),
    ...(topic === undefined ? {} : { topic }),
    ...(labelDelayMs === undefined ? {} : { labelDelayMs }),
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(maxInFlight === undefined ? {} : { maxInFlight }),
    onReport: (progress) => {
      if (!values.quiet && !progress.done) process.stderr.write(`${formatReport(progress)}\n`);
    },
  });
  await sender.close();
  console.log(formatReport(report));
  if (invalidLines > 0) console.log(`skipped ${invalidLines} lines that are not clean rows`);
  if (!fullyDelivered(report)) {
    console.error(
      `produce: not every message was acknowledged${report.firstError ? `: ${report.firstError}` : ""}`,
    );
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(`produce failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
