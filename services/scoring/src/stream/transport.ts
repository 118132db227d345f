/** The small Kafka surface the stream worker needs; swap the client by implementing this. */
export interface InboundMessage {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly { key: string; value: Buffer }[];
}

export interface InboundBatch {
  topic: string;
  partition: number;
  messages: readonly InboundMessage[];
  /** The partition's high watermark as last fetched (for the lag metric); -1 when unknown. */
  highWatermark: number;
}

export interface OutboundRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | string;
  headers?: readonly { key: string; value: Buffer | string }[];
}

/**
 * Consumes batches and, for each, atomically produces the records `handle` returns and commits the
 * batch's offsets (in one Kafka transaction, which other batches may share: output and progress are
 * committed together or not at all). If `handle` throws, nothing is committed and the batch is
 * delivered again.
 */
export interface StreamTransport {
  run(handle: (batch: InboundBatch) => Promise<OutboundRecord[]>): Promise<void>;
  /** Stops fetching, lets the batches in hand finish and commit, then disconnects. */
  stop(): Promise<void>;
}
