/** Message values of the `transactions` and `labels` topics (DESIGN 4.4); key = customer_id for both. */
export interface TransactionValue {
  readonly transaction_id: number;
  readonly tx_datetime: string;
  readonly customer_id: number;
  readonly terminal_id: number;
  readonly tx_amount: number;
}

export interface LabelValue {
  readonly transaction_id: number;
  readonly tx_fraud: number;
  /** ISO-8601 UTC time the label was emitted. */
  readonly labeled_at: string;
}

/** A transaction to replay, with its ground truth (sent later, to `labels`). */
export interface TransactionRecord extends TransactionValue {
  readonly tx_fraud: number;
}

export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
}

export function transactionMessage(record: TransactionRecord): OutgoingMessage {
  const value: TransactionValue = {
    transaction_id: record.transaction_id,
    tx_datetime: record.tx_datetime,
    customer_id: record.customer_id,
    terminal_id: record.terminal_id,
    tx_amount: record.tx_amount,
  };
  return { key: String(record.customer_id), value: JSON.stringify(value) };
}

export function labelMessage(record: TransactionRecord, labeledAt: Date): OutgoingMessage {
  const value: LabelValue = {
    transaction_id: record.transaction_id,
    tx_fraud: record.tx_fraud,
    labeled_at: labeledAt.toISOString(),
  };
  return { key: String(record.customer_id), value: JSON.stringify(value) };
}
