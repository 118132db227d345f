import {
  TransactionalProducer,
  type TransactionalProducerOptions,
} from "../kafka-wire/transactional-producer";
import type { BatchProducer } from "./batch-producer";

/** Our wire-protocol transactional producer. It speaks no SASL: config validation refuses it together with SASL. */
export function wireBatchProducer(options: TransactionalProducerOptions): BatchProducer {
  let producer: TransactionalProducer | undefined;
  const connected = (): TransactionalProducer => {
    if (producer === undefined) throw new Error("the wire producer is not connected");
    return producer;
  };
  return {
    async connect() {
      producer = await TransactionalProducer.connect(options);
    },
    commitBatch: (records, positions) => connected().commitBatch(records, positions),
    async disconnect() {
      await producer?.close();
    },
  };
}
