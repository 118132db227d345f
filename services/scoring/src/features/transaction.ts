import { parseDatetimeSeconds } from "./time";

/** A validated transaction as the scorer uses it. */
export interface Transaction {
  transactionId: string | number;
  txDatetime: string;
  /** Unix seconds (UTC), whole seconds. */
  timeSeconds: number;
  customerId: number;
  terminalId: number;
  amount: number;
}

export type InvalidReason =
  | "not_an_object"
  | "missing_field"
  | "unexpected_field"
  | "label_field"
  | "bad_transaction_id"
  | "bad_customer_id"
  | "bad_terminal_id"
  | "bad_datetime"
  | "bad_amount";

export interface InvalidTransaction {
  reason: InvalidReason;
  message: string;
  field: string | null;
}

export type ValidationResult = { ok: true; tx: Transaction } | { ok: false; error: InvalidTransaction };

export const TRANSACTION_FIELDS = [
  "transaction_id",
  "tx_datetime",
  "customer_id",
  "terminal_id",
  "tx_amount",
] as const;

/** Ground truth and anything derived from it never comes from a caller: such inputs are rejected. */
export const LABEL_FIELDS = new Set([
  "tx_fraud",
  "tx_fraud_scenario",
  "percent_fraud_on_terminal",
  "terminal_risk",
  "fraud",
  "label",
]);

export const MAX_AMOUNT = 1e9;
const TX_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const fail = (reason: InvalidReason, field: string | null, message: string): ValidationResult => ({
  ok: false,
  error: { reason, field, message },
});

const isId = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Validates one transaction object exactly per the `transactions` contract (DESIGN 4.4). */
export function validateTransaction(raw: unknown): ValidationResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return fail("not_an_object", null, "a transaction must be a JSON object");
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (LABEL_FIELDS.has(key))
      return fail("label_field", key, `${key} is label-derived and must not be sent`);
    if (!(TRANSACTION_FIELDS as readonly string[]).includes(key)) {
      return fail("unexpected_field", key, `unknown field ${key}`);
    }
  }
  for (const key of TRANSACTION_FIELDS) {
    if (obj[key] === undefined || obj[key] === null) return fail("missing_field", key, `${key} is required`);
  }
  const id = obj.transaction_id;
  if (!(isId(id) || (typeof id === "string" && TX_ID.test(id)))) {
    return fail(
      "bad_transaction_id",
      "transaction_id",
      "a non-negative integer or 1-64 characters [A-Za-z0-9._:-]",
    );
  }
  if (!isId(obj.customer_id)) return fail("bad_customer_id", "customer_id", "a non-negative integer");
  if (!isId(obj.terminal_id)) return fail("bad_terminal_id", "terminal_id", "a non-negative integer");
  const dt = obj.tx_datetime;
  const seconds = typeof dt === "string" ? parseDatetimeSeconds(dt) : null;
  if (seconds === null) {
    return fail(
      "bad_datetime",
      "tx_datetime",
      "a UTC date-time such as 2019-09-21 13:45:00 or 2019-09-21T13:45:00Z",
    );
  }
  const amount = obj.tx_amount;
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0 || amount > MAX_AMOUNT) {
    return fail("bad_amount", "tx_amount", `a number in (0, ${MAX_AMOUNT}]`);
  }
  return {
    ok: true,
    tx: {
      transactionId: id,
      txDatetime: dt as string,
      timeSeconds: seconds,
      customerId: obj.customer_id,
      terminalId: obj.terminal_id,
      amount,
    },
  };
}
