import type { FastifyError } from "fastify";
import { asScoringError, ScoringError } from "../errors/catalogue";
import { type InvalidTransaction, LABEL_FIELDS } from "../features/transaction";

type AjvError = NonNullable<FastifyError["validation"]>[number];

export interface Problem {
  path: string;
  reason: string;
  message: string;
}

function reasonOf(e: AjvError): string {
  switch (e.keyword) {
    case "required":
      return "missing_field";
    case "additionalProperties":
      return LABEL_FIELDS.has(String(e.params.additionalProperty)) ? "label_field" : "unexpected_field";
    case "minItems":
    case "maxItems":
      return "batch_size";
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return "out_of_range";
    case "pattern":
      return "bad_format";
    default:
      return "bad_type";
  }
}

function problemOf(e: AjvError): Problem {
  const field =
    e.keyword === "required"
      ? `/${String(e.params.missingProperty)}`
      : e.keyword === "additionalProperties"
        ? `/${String(e.params.additionalProperty)}`
        : "";
  return { path: `${e.instancePath}${field}`, reason: reasonOf(e), message: e.message ?? e.keyword };
}

/** Maps framework errors (schema, body parsing, size) and our own to a catalogue error. */
export function toScoringError(err: FastifyError | Error): ScoringError {
  if (err instanceof ScoringError) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    // oneOf/anyOf add a summary error on top of their branches; the branch errors say more.
    const problems = fe.validation
      .filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf")
      .map(problemOf);
    const list = problems.length > 0 ? problems : fe.validation.map(problemOf);
    if (list.some((p) => p.reason === "batch_size" && p.path === "/transactions")) {
      return new ScoringError(
        "BATCH_TOO_LARGE",
        "transactions must hold between 1 and the maximum batch size",
        list,
      );
    }
    const code = list.some((p) => p.reason === "label_field") ? "INVALID_TRANSACTION" : "INVALID_REQUEST";
    return new ScoringError(code, list.map((p) => `${p.path || "/"}: ${p.message}`).join("; "), list);
  }
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new ScoringError("PAYLOAD_TOO_LARGE");
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new ScoringError("UNSUPPORTED_MEDIA_TYPE");
  if (fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || fe.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return new ScoringError("INVALID_JSON", undefined, { parser: err.message });
  }
  return asScoringError(err);
}

export function invalidTransaction(problem: InvalidTransaction, pathPrefix: string): ScoringError {
  const details: Problem[] = [
    { path: `${pathPrefix}/${problem.field ?? ""}`, reason: problem.reason, message: problem.message },
  ];
  return new ScoringError(
    "INVALID_TRANSACTION",
    `${problem.field ?? "transaction"}: ${problem.message}`,
    details,
  );
}

/** The metric label of a 4xx: the first problem's reason, else the code. */
export function invalidReason(err: ScoringError): string {
  const details = err.details as Problem[] | null;
  return Array.isArray(details) && details[0] ? details[0].reason : err.code.toLowerCase();
}
