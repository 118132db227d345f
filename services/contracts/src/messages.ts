import { z } from "zod";

/** A transaction id exactly as the transaction contract accepts it. */
const transactionId = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/),
]);

/** Value of a `labels` record: delayed ground truth. */
export const labelMessageSchema = z
  .object({
    transaction_id: transactionId,
    tx_fraud: z.union([z.literal(0), z.literal(1)]),
    labeled_at: z.iso.datetime(),
  })
  .strict();
export type LabelMessage = z.infer<typeof labelMessageSchema>;
