import { rawFileSource } from "@antifraud/simulator";
import { parseDatetimeSeconds, type CustomerWindowStore } from "@antifraud/scoring";

/**
 * Loads the customer windows the online scorer would have built had it been running during the
 * history: the last `days` days before the streamed period go through the store's idempotent
 * `recordAndQuery`, so a later replay of the same transactions never double counts.
 */
export async function backfillCustomerWindows(
  store: CustomerWindowStore,
  rawDir: string,
  from: string,
  to: string,
  onProgress: (transactions: number) => void,
): Promise<number> {
  let loaded = 0;
  for await (const chunk of rawFileSource(rawDir, { from, to, chunkSize: 5000 })) {
    const events = chunk.map((tx) => {
      const timeSeconds = parseDatetimeSeconds(tx.tx_datetime);
      if (timeSeconds === null) throw new Error(`unparsable tx_datetime ${tx.tx_datetime} in ${rawDir}`);
      return {
        transactionId: tx.transaction_id,
        customerId: tx.customer_id,
        timeSeconds,
        amount: tx.tx_amount,
      };
    });
    await store.recordAndQuery(events);
    loaded += events.length;
    onProgress(loaded);
  }
  return loaded;
}
