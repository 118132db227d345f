/**
 * The same copy-exactly-once baseline through kafkajs 2.2.4 (the client the repo used before), for
 * the side-by-side figures: read_committed consumer, one transaction per fetched partition batch
 * (send, sendOffsets, commit), several partitions at once, over the same SASL_SSL listener. kafkajs
 * reads no zstd (the cluster's compression), so its input is an uncompressed copy of the same
 * messages. Environment: BROKERS, CA_FILE, USERNAME, PASSWORD, GROUP, TRANSACTIONAL_ID, INPUT, OUTPUT.
 */
import { readFileSync } from "node:fs";
import { Kafka, logLevel } from "kafkajs";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const kafka = new Kafka({
  brokers: env("BROKERS").split(","),
  clientId: "bench-kafkajs-echo",
  logLevel: logLevel.ERROR,
  ssl: { ca: readFileSync(env("CA_FILE"), "utf8") },
  sasl: { mechanism: "scram-sha-512", username: env("USERNAME"), password: env("PASSWORD") },
});
const group = env("GROUP");
const output = env("OUTPUT");
const consumer = kafka.consumer({
  groupId: group,
  readUncommitted: false,
  maxBytesPerPartition: 4 << 20,
  maxWaitTimeInMs: 100,
});
const producer = kafka.producer({
  transactionalId: env("TRANSACTIONAL_ID"),
  idempotent: true,
  maxInFlightRequests: 1,
});

async function main(): Promise<void> {
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: env("INPUT"), fromBeginning: true });
  // One transaction at a time: a kafkajs transactional producer cannot run two.
  let previous: Promise<unknown> = Promise.resolve();
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, resolveOffset }) => {
      if (batch.messages.length === 0) return;
      const last = batch.messages[batch.messages.length - 1]!.offset;
      const commit = previous.then(async () => {
        const txn = await producer.transaction();
        try {
          // Uncompressed, a whole fetched batch exceeds the broker's 1 MiB request limit: chunks of 2,000.
          for (let i = 0; i < batch.messages.length; i += 2000) {
            const chunk = batch.messages.slice(i, i + 2000);
            await txn.send({ topic: output, messages: chunk.map((m) => ({ key: m.key, value: m.value })) });
          }
          await txn.sendOffsets({
            consumerGroupId: group,
            topics: [
              {
                topic: batch.topic,
                partitions: [{ partition: batch.partition, offset: String(BigInt(last) + 1n) }],
              },
            ],
          });
          await txn.commit();
        } catch (err) {
          await txn.abort().catch(() => undefined);
          throw err;
        }
      });
      previous = commit.catch(() => undefined);
      await commit;
      resolveOffset(last);
    },
  });
}

process.once(
  "SIGTERM",
  () =>
    void consumer
      .disconnect()
      .then(() => producer.disconnect())
      .then(() => process.exit(0)),
);
main().catch((err: Error) => {
  console.error(`kafkajs echo failed: ${err.message}`);
  process.exit(1);
});
