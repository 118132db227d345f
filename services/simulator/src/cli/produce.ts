/**
 * npm run produce -- --brokers HOST:PORT --ca CA.pem --user ingest (KAFKA_SASL_PASSWORD in the
 *   environment; or --plaintext) (--input DIR | --generate) [--topic transactions --rate N|max
 *   --labels-topic labels --label-delay-ms N --from YYYY-MM-DD --to YYYY-MM-DD --batch-size N
 *   --max-in-flight N --compression zstd|lz4|gzip|none --limit N]
 * Exits 1 unless every message it attempted was acknowledged by the broker.
 */
import { parseArgs } from "node:util";
import { createKafkaSender, type Compression } from "../producer/kafka-sender";
import type { TransactionRecord } from "../producer/messages";
import { formatReport } from "../producer/report-format";
import { fullyDelivered, produceTransactions } from "../producer/produce";
import { generatedSource, rawFileSource } from "../producer/sources";
import { numberFlag, stringFlag } from "./flags";
import { KAFKA_FLAGS, kafkaConnectionFlags } from "./kafka-flags";

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
      ...KAFKA_FLAGS,
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
      compression: { type: "string" },
      quiet: { type: "boolean" },
    },
    strict: true,
  });
  const connection = kafkaConnectionFlags(values);
  const input = stringFlag(values, "input");
  if ((input === undefined) === !values.generate)
    throw new Error("give exactly one of --input DIR or --generate");
  const rateFlag = stringFlag(values, "rate") ?? "max";
  const rate = rateFlag === "max" ? "max" : numberFlag(values, "rate")!;
  if (rate !== "max" && !(rate > 0))
    throw new Error(`--rate must be a positive number or "max", got ${rateFlag}`);
  const compression = (stringFlag(values, "compression") ?? "zstd") as Compression;
  if (!["zstd", "lz4", "gzip", "none"].includes(compression))
    throw new Error(`--compression must be zstd, lz4, gzip or none, got ${compression}`);

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

  const sender = await createKafkaSender({ connection, compression });
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
