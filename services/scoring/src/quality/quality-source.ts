/** One record of the scores or labels topic, as the quality consumer reads it. */
export interface QualityRecord {
  topic: string;
  value: Buffer | null;
}

/** The Kafka surface the quality consumer needs; tests and other clients implement it too. */
export interface QualitySource {
  /** Starts consuming; `handle` gets each poll's records in order. Resolves once consuming started. */
  run(handle: (records: readonly QualityRecord[]) => void): Promise<void>;
  /** True while connected to the brokers (readiness). */
  readonly connected: boolean;
  /** Stops polling, commits the offsets of what was handled, disconnects. */
  stop(): Promise<void>;
}
