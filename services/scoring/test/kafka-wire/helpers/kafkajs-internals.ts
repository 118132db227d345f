import { createRequire } from "node:module";

/** kafkajs's own protocol code, used as an independent reference for our encoder (it ships no types for it). */
const load = createRequire(require.resolve("kafkajs"));

interface KafkajsDecoder {
  readVarInt(): number;
  readVarLong(): { toString(): string };
}

export interface DecodedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly offset: string;
  readonly timestamp: string;
  readonly headers: Record<string, unknown>;
}

export interface DecodedBatch {
  readonly firstOffset: string;
  readonly firstTimestamp: string;
  readonly maxTimestamp: string;
  readonly lastOffsetDelta: number;
  readonly producerId: string;
  readonly producerEpoch: number;
  readonly firstSequence: number;
  readonly partitionLeaderEpoch: number;
  readonly inTransaction: boolean;
  readonly isControlBatch: boolean;
  readonly records: readonly DecodedRecord[];
}

const Decoder = load("./src/protocol/decoder") as new (buffer: Buffer) => KafkajsDecoder;
const decodeBatch = load("./src/protocol/recordBatch/v0/decoder") as (
  decoder: KafkajsDecoder,
) => Promise<DecodedBatch>;
export const kafkajsCrc32c = load("./src/protocol/recordBatch/crc32C") as (buffer: Buffer) => number;

export function kafkajsDecoder(buffer: Buffer): KafkajsDecoder {
  return new Decoder(buffer);
}

export function kafkajsDecodeBatch(buffer: Buffer): Promise<DecodedBatch> {
  return decodeBatch(new Decoder(buffer));
}
