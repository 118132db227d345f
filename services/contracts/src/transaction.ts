import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";

/**
 * The transaction contract (`transaction.schema.json`): the `transactions` topic value and the HTTP
 * request item. The scoring service validates with this file (HTTP and stream alike); producers
 * and tests check what they write against it here.
 */
export const TRANSACTION_SCHEMA_PATH = join(__dirname, "..", "transaction.schema.json");

/** A transaction as producers write it (the shape the schema accepts). */
export interface TransactionMessage {
  transaction_id: number | string;
  tx_datetime: string;
  customer_id: number;
  terminal_id: number;
  tx_amount: number;
}

export function loadTransactionSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(TRANSACTION_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
}

/** A compiled validator of the contract's JSON Schema (shape only; the service adds the clock check). */
export function transactionShapeValidator(): ValidateFunction<TransactionMessage> {
  const ajv = new Ajv2020({ allowUnionTypes: true });
  ajv.addKeyword("x-label-fields");
  return ajv.compile<TransactionMessage>(loadTransactionSchema());
}
