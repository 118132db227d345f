/** The small Kafka surface the stream worker needs; swap the client by implementing this. */
export interface InboundMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export interface InboundBatch {
  topic: string;
  partition: number;
  messages: readonly InboundMessage[];
  highWatermark: string;
}

export interface OutboundRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | string;
  headers?: Record<string, Buffer | string>;
}

/**
 * Consumes batches and, for each, atomically produces the records `handle` returns and commits the
 * batch's offsets (in one Kafka transaction, which other partitions' batches may share: output and
 * progress are committed together or not at all).
 * If `handle` throws, nothing is committed and the batch is delivered again.
 */
export interface StreamTransport {
  run(handle: (batch: InboundBatch) => Promise<OutboundRecord[]>): Promise<void>;
  /** Stops fetching, lets the batch in hand finish and commit, then disconnects. */
  stop(): Promise<void>;
}
