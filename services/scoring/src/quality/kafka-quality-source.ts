import { KafkaConsumer, type LibrdKafkaError, type Message } from "@confluentinc/kafka-javascript";
import { librdkafkaConnectionConfig, type KafkaConnection } from "@antifraud/contracts";
import type { Logger } from "pino";
import { asError, connect, consume, disconnect } from "../stream/rdkafka-clients";
import type { QualityRecord, QualitySource } from "./quality-source";

export interface KafkaQualitySourceSettings {
  connection: KafkaConnection;
  clientId: string;
  groupId: string;
  topics: readonly string[];
  sessionTimeoutMs: number;
  maxPollRecords: number;
}

const POLL_ERROR_BACKOFF_MS = 1000;
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The quality consumer's Kafka client: one read_committed group member on the scores and labels
 * topics (aborted score transactions of the stream worker are never counted). Offsets are stored
 * only after a poll was handled and committed by librdkafka in the background and on close, so a
 * restart resumes after what was joined; the join's in-memory state starts empty then.
 */
export class KafkaQualitySource implements QualitySource {
  private readonly consumer: KafkaConsumer;
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: KafkaQualitySourceSettings,
    private readonly logger: Logger,
  ) {
    this.consumer = new KafkaConsumer(
      {
        ...librdkafkaConnectionConfig(settings.connection),
        "client.id": settings.clientId,
        "group.id": settings.groupId,
        "session.timeout.ms": settings.sessionTimeoutMs,
        "isolation.level": "read_committed",
        "enable.auto.commit": true,
        "auto.commit.interval.ms": 5000,
        "enable.auto.offset.store": false,
        "socket.keepalive.enable": true,
      },
      { "auto.offset.reset": "earliest" },
    );
    this.consumer.on("event.error", (err: LibrdKafkaError) =>
      logger.warn({ err: err.message, code: err.code }, "kafka client error"),
    );
  }

  get connected(): boolean {
    return this.consumer.isConnected();
  }

  async run(handle: (records: readonly QualityRecord[]) => void): Promise<void> {
    await connect(this.consumer);
    this.consumer.setDefaultConsumeTimeout(100);
    this.consumer.subscribe([...this.settings.topics]);
    this.loop = this.poll(handle);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    if (this.consumer.isConnected()) {
      // The close commits the stored offsets (enable.auto.commit).
      await Promise.race([
        disconnect(this.consumer, CLOSE_TIMEOUT_MS),
        new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref()),
      ]).catch((err: Error) => this.logger.warn({ err: err.message }, "kafka disconnect failed"));
    }
  }

  private async poll(handle: (records: readonly QualityRecord[]) => void): Promise<void> {
    while (!this.stopping) {
      let messages: Message[];
      try {
        messages = await consume(this.consumer, this.settings.maxPollRecords);
      } catch (err) {
        this.logger.warn({ err: asError(err).message }, "kafka poll failed; retrying");
        await new Promise((r) => setTimeout(r, POLL_ERROR_BACKOFF_MS));
        continue;
      }
      if (messages.length === 0) continue;
      handle(messages.map((m) => ({ topic: m.topic, value: m.value ?? null })));
      try {
        this.consumer.offsetsStore(nextOffsets(messages));
      } catch (err) {
        // A partition revoked meanwhile: its new owner resumes from the last committed offset.
        this.logger.warn({ err: asError(err).message }, "kafka offsets store failed");
      }
    }
  }
}

/** The offset after the last message of each partition of a poll. */
function nextOffsets(messages: readonly Message[]) {
  const next = new Map<string, { topic: string; partition: number; offset: number }>();
  for (const m of messages)
    next.set(`${m.topic}\u0000${m.partition}`, {
      topic: m.topic,
      partition: m.partition,
      offset: m.offset + 1,
    });
  return [...next.values()];
}
