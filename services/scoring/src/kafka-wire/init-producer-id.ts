import type { BufferReader } from "./buffer-reader";
import type { BufferWriter } from "./buffer-writer";

export interface InitProducerIdResponse {
  readonly errorCode: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

/** InitProducerId v1 request: transactional_id (null = idempotent only), transaction_timeout_ms. */
export function encodeInitProducerIdRequest(
  writer: BufferWriter,
  transactionalId: string | null,
  transactionTimeoutMs: number,
): void {
  writer.string(transactionalId);
  writer.int32(transactionTimeoutMs);
}

/** InitProducerId v1 response: throttle_time_ms, error_code, producer_id, producer_epoch. */
export function decodeInitProducerIdResponse(reader: BufferReader): InitProducerIdResponse {
  reader.int32(); // throttle_time_ms
  return { errorCode: reader.int16(), producerId: reader.int64(), producerEpoch: reader.int16() };
}
