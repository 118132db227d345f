import type { LabelMessage, TransactionMessage } from "@antifraud/contracts";

/** Message values of the `transactions` and `labels` topics: the contracts' (key = customer_id for both). */
export type TransactionValue = TransactionMessage;
export type LabelValue = LabelMessage;

/** A transaction to replay, with its ground truth (sent later, to `labels`). */
export interface TransactionRecord extends TransactionValue {
  /** The simulator numbers its transactions (the contract also allows string ids). */
  readonly transaction_id: number;
  readonly tx_fraud: number;
}

export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
}

/**
 * The same text as JSON.stringify of a TransactionValue (the producer's hottest line: about half the
 * CPU of building an object and stringifying it). Numbers print as JSON does for finite numbers;
 * non-finite ones are refused rather than sent as invalid JSON.
 */
export function transactionMessage(record: TransactionRecord): OutgoingMessage {
  const { transaction_id, tx_datetime, customer_id, terminal_id, tx_amount } = record;
  if (!Number.isFinite(transaction_id + customer_id + terminal_id + tx_amount)) {
    throw new Error(`transaction ${transaction_id}: non-finite number in ${JSON.stringify(record)}`);
  }
  return {
    key: String(customer_id),
    value: `{"transaction_id":${transaction_id},"tx_datetime":${JSON.stringify(tx_datetime)},"customer_id":${customer_id},"terminal_id":${terminal_id},"tx_amount":${tx_amount}}`,
  };
}

export function labelMessage(record: TransactionRecord, labeledAt: Date): OutgoingMessage {
  const value: LabelValue = {
    transaction_id: record.transaction_id,
    tx_fraud: record.tx_fraud === 1 ? 1 : 0,
    labeled_at: labeledAt.toISOString(),
  };
  return { key: String(record.customer_id), value: JSON.stringify(value) };
}
