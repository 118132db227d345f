import { z } from "zod";

/** `YYYY-MM-DD HH:MM:SS`, UTC, as in the raw files. */
export const TX_DATETIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Value of a `scores` record (key = customer_id). */
export const scoreMessageSchema = z
  .object({
    transaction_id: positiveId,
    customer_id: positiveId,
    terminal_id: z.number().int().nonnegative(),
    tx_datetime: z.string().regex(TX_DATETIME_PATTERN),
    score: z.number().min(0).max(1),
    decision: z.enum(["decline", "approve"]),
    threshold: z.number().min(0).max(1),
    model_version: z.string().min(1),
    scored_at: z.iso.datetime(),
  })
  .strict();
export type ScoreMessage = z.infer<typeof scoreMessageSchema>;

/** Value of a `labels` record: delayed ground truth. */
export const labelMessageSchema = z
  .object({
    transaction_id: positiveId,
    tx_fraud: z.union([z.literal(0), z.literal(1)]),
    labeled_at: z.iso.datetime(),
  })
  .strict();
export type LabelMessage = z.infer<typeof labelMessageSchema>;
