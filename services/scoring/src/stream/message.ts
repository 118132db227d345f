import type { Transaction, TransactionValidator } from "../features/transaction";

export type ParsedMessage =
  | { ok: true; tx: Transaction }
  | {
      ok: false;
      code: "INVALID_JSON" | "INVALID_TRANSACTION" | "FUTURE_TRANSACTION";
      reason: string;
      message: string;
    };

/**
 * Decodes one `transactions` record value (UTF-8 JSON, DESIGN 4.4) and validates it with the same
 * contract and clock as the HTTP API; a transaction dated past the clock is dead-lettered with
 * FUTURE_TRANSACTION and never reaches the customer windows.
 */
export function parseTransactionMessage(
  value: Buffer | null,
  validator: TransactionValidator,
): ParsedMessage {
  if (value === null || value.length === 0) {
    return { ok: false, code: "INVALID_JSON", reason: "empty_value", message: "the record has no value" };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch (err) {
    return { ok: false, code: "INVALID_JSON", reason: "invalid_json", message: (err as Error).message };
  }
  const result = validator.validate(json);
  if (result.ok) return result;
  const first = result.problems[0]!;
  return {
    ok: false,
    code: first.reason === "future_datetime" ? "FUTURE_TRANSACTION" : "INVALID_TRANSACTION",
    reason: first.reason,
    message: result.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("; "),
  };
}
