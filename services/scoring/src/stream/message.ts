import { type Transaction, validateTransaction } from "../features/transaction";

export type ParsedMessage =
  | { ok: true; tx: Transaction }
  | { ok: false; code: "INVALID_JSON" | "INVALID_TRANSACTION"; reason: string; message: string };

/** Decodes one `transactions` record value (UTF-8 JSON, DESIGN 4.4) and validates it. */
export function parseTransactionMessage(value: Buffer | null): ParsedMessage {
  if (value === null || value.length === 0) {
    return { ok: false, code: "INVALID_JSON", reason: "empty_value", message: "the record has no value" };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch (err) {
    return { ok: false, code: "INVALID_JSON", reason: "invalid_json", message: (err as Error).message };
  }
  const result = validateTransaction(json);
  if (result.ok) return result;
  const { reason, field, message } = result.error;
  return {
    ok: false,
    code: "INVALID_TRANSACTION",
    reason,
    message: field ? `${field}: ${message}` : message,
  };
}
