import type { BufferReader } from "./buffer-reader";
import type { BufferWriter } from "./buffer-writer";
import { type ProducerIdentity, writeProducerIdentity } from "./producer-identity";

/** AddOffsetsToTxn v1 request: transactional_id, producer_id, producer_epoch, group_id. */
export function encodeAddOffsetsToTxnRequest(
  writer: BufferWriter,
  identity: ProducerIdentity,
  groupId: string,
): void {
  writeProducerIdentity(writer, identity);
  writer.string(groupId);
}

/** The response of AddOffsetsToTxn v1 and EndTxn v1: throttle_time_ms, error_code. */
export function decodeErrorCodeResponse(reader: BufferReader): number {
  reader.int32(); // throttle_time_ms
  return reader.int16();
}
