import type { BufferWriter } from "./buffer-writer";

/** What every transactional request names: the transaction and the producer (id, epoch) that owns it. */
export interface ProducerIdentity {
  readonly transactionalId: string;
  /** A safe integer (brokers hand out ids far below 2^53). */
  readonly producerId: number;
  readonly producerEpoch: number;
}

/** transactional_id, producer_id int64, producer_epoch int16: the common head of the Txn requests. */
export function writeProducerIdentity(writer: BufferWriter, identity: ProducerIdentity): void {
  writer.string(identity.transactionalId);
  writer.int64(identity.producerId);
  writer.int16(identity.producerEpoch);
}
