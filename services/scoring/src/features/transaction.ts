import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import { parseDatetimeSeconds } from "./time";

/**
 * The transaction contract (`services/contracts/transaction.schema.json`), read at start-up: the
 * one schema the HTTP API and the stream worker both validate with. Same depth under src/ and dist/.
 */
export const TRANSACTION_SCHEMA_PATH = path.resolve(__dirname, "../../../contracts/transaction.schema.json");

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
  | "future_datetime"
  | "bad_amount";

/** One thing wrong with a transaction; `field` is null when the value is not an object at all. */
export interface Problem {
  reason: InvalidReason;
  field: string | null;
  message: string;
}

/** `problems` is never empty and holds at most MAX_PROBLEMS_PER_ITEM entries. */
export type ValidationResult = { ok: true; tx: Transaction } | { ok: false; problems: Problem[] };

/** Problems reported per transaction: enough to fix a request, never proportional to its size. */
export const MAX_PROBLEMS_PER_ITEM = 3;

const FIELD_REASON: Record<string, InvalidReason> = {
  transaction_id: "bad_transaction_id",
  tx_datetime: "bad_datetime",
  customer_id: "bad_customer_id",
  terminal_id: "bad_terminal_id",
  tx_amount: "bad_amount",
};

export interface TransactionValidatorOptions {
  /** The service clock, unix milliseconds (the system clock, or a replay clock). */
  now: () => number;
  /** A transaction dated later than now + this is refused (future_datetime). */
  maxFutureSkewSeconds: number;
  /** Default TRANSACTION_SCHEMA_PATH. */
  schemaPath?: string;
}

export interface TransactionValidator {
  validate(raw: unknown): ValidationResult;
  /** Names the contract forbids because they carry ground truth (`x-label-fields`). */
  readonly labelFields: ReadonlySet<string>;
}

interface ContractSchema {
  properties: Record<string, object>;
  required: string[];
  "x-label-fields": string[];
}

/**
 * Validates transactions against the contract, then the two checks a JSON Schema cannot state: the
 * date-time is a real calendar instant, and it is not later than the service clock allows (so a
 * far-future date can never reach, and trim, the stored customer windows).
 *
 * Valid input costs one compiled-schema call. Only a failing transaction is explained, field by
 * field with per-property validators compiled from the same schema, stopping after
 * MAX_PROBLEMS_PER_ITEM problems: time and memory stay O(size of the transaction).
 */
export function createTransactionValidator(options: TransactionValidatorOptions): TransactionValidator {
  const schema = JSON.parse(
    readFileSync(options.schemaPath ?? TRANSACTION_SCHEMA_PATH, "utf8"),
  ) as ContractSchema;
  const ajv = new Ajv2020({
    allErrors: false,
    allowUnionTypes: true,
    coerceTypes: false,
    useDefaults: false,
  });
  ajv.addKeyword("x-label-fields");
  const whole = ajv.compile(schema);
  const byField = new Map<string, ValidateFunction>(
    Object.entries(schema.properties).map(([name, s]) => [name, ajv.compile(s)]),
  );
  const labelFields = new Set(schema["x-label-fields"]);
  const skewMs = options.maxFutureSkewSeconds * 1000;

  function explain(raw: unknown): Problem[] {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      return [{ reason: "not_an_object", field: null, message: "a transaction must be a JSON object" }];
    }
    const problems: Problem[] = [];
    const add = (p: Problem) => problems.push(p) >= MAX_PROBLEMS_PER_ITEM;
    const obj = raw as Record<string, unknown>;
    for (const key in obj) {
      if (byField.has(key)) continue;
      const label = labelFields.has(key);
      // Echo a caller's key only so far: the report stays small whatever was sent.
      const name = key.length > 64 ? `${key.slice(0, 64)}...` : key;
      const message = label ? `${name} is label-derived and must not be sent` : `unknown field ${name}`;
      if (add({ reason: label ? "label_field" : "unexpected_field", field: name, message })) return problems;
    }
    for (const key of schema.required) {
      if (obj[key] === undefined || !Object.hasOwn(obj, key)) {
        if (add({ reason: "missing_field", field: key, message: `${key} is required` })) return problems;
      }
    }
    for (const [key, check] of byField) {
      if (obj[key] === undefined || !Object.hasOwn(obj, key) || check(obj[key])) continue;
      const message = obj[key] === null ? `${key} is required` : messageOf(key, check.errors);
      const reason = obj[key] === null ? "missing_field" : FIELD_REASON[key]!;
      if (add({ reason, field: key, message })) return problems;
    }
    return problems;
  }

  function validate(raw: unknown): ValidationResult {
    if (!whole(raw)) return { ok: false, problems: explain(raw) };
    const obj = raw as {
      transaction_id: string | number;
      tx_datetime: string;
      customer_id: number;
      terminal_id: number;
      tx_amount: number;
    };
    const seconds = parseDatetimeSeconds(obj.tx_datetime);
    if (seconds === null) {
      return {
        ok: false,
        problems: [
          {
            reason: "bad_datetime",
            field: "tx_datetime",
            message: "not a real UTC instant, e.g. 2019-09-21 13:45:00 or 2019-09-21T13:45:00Z",
          },
        ],
      };
    }
    const now = options.now();
    if (seconds * 1000 > now + skewMs) {
      return {
        ok: false,
        problems: [
          {
            reason: "future_datetime",
            field: "tx_datetime",
            message: `${obj.tx_datetime} is more than ${options.maxFutureSkewSeconds} s after the service clock (${new Date(now).toISOString()})`,
          },
        ],
      };
    }
    return {
      ok: true,
      tx: {
        transactionId: obj.transaction_id,
        txDatetime: obj.tx_datetime,
        timeSeconds: seconds,
        customerId: obj.customer_id,
        terminalId: obj.terminal_id,
        amount: obj.tx_amount,
      },
    };
  }

  return { validate, labelFields };
}

function messageOf(field: string, errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  return e ? `${field} ${e.message ?? e.keyword}` : `${field} is invalid`;
}
