import type { BufferWriter } from "./buffer-writer";
import { type ProducerIdentity, writeProducerIdentity } from "./producer-identity";

/** EndTxn v1 request: transactional_id, producer_id, producer_epoch, committed (false = abort). */
export function encodeEndTxnRequest(writer: BufferWriter, identity: ProducerIdentity, commit: boolean): void {
  writeProducerIdentity(writer, identity);
  writer.bool(commit);
}
