import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics";
import type { StreamClientSettings } from "./rdkafka-clients";
import { type Handle, StreamSession } from "./stream-session";
import type { StreamTransport } from "./transport";

export interface KafkaTransportOptions {
  settings: StreamClientSettings;
  /** Messages per poll across partitions; bounds one poll's batch (hence one transaction). */
  maxPollRecords: number;
  metrics: Metrics;
  logger: Logger;
}

/** Backoff between sessions: doubles from 200 ms up to 5 s, so an outage is polled, not hammered. */
const RESTART_INITIAL_MS = 200;
const RESTART_MAX_MS = 5000;
/** A session that ran this long without failing resets the backoff. */
const HEALTHY_AFTER_MS = 30_000;

/**
 * The stream worker's Kafka transport on librdkafka (@confluentinc/kafka-javascript): a
 * read_committed consumer with static membership and a transactional producer whose every
 * transaction carries the consumed offsets (KIP-447).
 *
 * Any failure ends the session: both clients are dropped, and new ones (same transactional.id,
 * which bumps the epoch, aborts any open transaction and fences the old producer; same
 * group.instance.id, which takes the partitions back without waiting for a session timeout) resume
 * from the committed offsets. Records of an aborted transaction are consumed and scored again;
 * read_committed readers never see the aborted output, so each input yields one committed output.
 */
export class KafkaTransport implements StreamTransport {
  private current: StreamSession | null = null;
  private supervisor: Promise<void> | null = null;
  private wakeStopped: () => void = () => undefined;
  private readonly stoppedSignal = new Promise<void>((resolve) => (this.wakeStopped = resolve));
  private stopped = false;

  constructor(private readonly options: KafkaTransportOptions) {}

  /** Resolves once the first session polls; later failures are recovered in the background. */
  async run(handle: Handle): Promise<void> {
    const first = await StreamSession.start(this.sessionOptions(), handle);
    this.current = first;
    this.supervisor = this.supervise(handle, first);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wakeStopped();
    const session = this.current;
    if (session)
      await session
        .stop()
        .catch((err: Error) => this.options.logger.warn({ err: err.message }, "stop failed"));
    await this.supervisor;
  }

  private sessionOptions() {
    const { settings, maxPollRecords, metrics, logger } = this.options;
    return { settings, maxPollRecords, metrics, logger };
  }

  private async supervise(handle: Handle, first: StreamSession): Promise<void> {
    const { logger } = this.options;
    let session: StreamSession | null = first;
    let startedAt = Date.now();
    let delay = RESTART_INITIAL_MS;
    while (!this.stopped) {
      if (session) {
        const err = await Promise.race([session.failed, this.stoppedSignal.then(() => null)]);
        if (!err || this.stopped) return;
        if (Date.now() - startedAt > HEALTHY_AFTER_MS) delay = RESTART_INITIAL_MS;
        logger.error({ err: err.message, retryInMs: delay }, "kafka session failed; restarting it");
        await session.close();
        session = null;
        this.current = null;
      }
      await Promise.race([new Promise((r) => setTimeout(r, delay).unref()), this.stoppedSignal]);
      if (this.stopped) return;
      delay = Math.min(delay * 2, RESTART_MAX_MS);
      try {
        session = await StreamSession.start(this.sessionOptions(), handle);
        this.current = session;
        startedAt = Date.now();
        logger.warn("kafka session restarted from the committed offsets");
        if (this.stopped) await session.stop();
      } catch (err) {
        logger.error({ err: (err as Error).message, retryInMs: delay }, "kafka session restart failed");
      }
    }
  }
}
