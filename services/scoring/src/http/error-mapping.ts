import type { FastifyError } from "fastify";
import { asScoringError, type ErrorCode, ScoringError } from "../errors/catalogue";
import type { Problem } from "../features/transaction";

/** One problem as callers see it: a JSON pointer into the body, a stable reason, a message. */
export interface ProblemDetail {
  path: string;
  reason: string;
  message: string;
}

/** `details` of INVALID_TRANSACTION / FUTURE_TRANSACTION / INVALID_REQUEST. */
export interface ProblemReport {
  problems: ProblemDetail[];
  /** Transactions with at least one problem (all of them are counted, even past the cap). */
  invalid_items: number;
  /** True when problems were left out (MAX_REPORTED_PROBLEMS, or the per-item cap). */
  truncated: boolean;
}

/** Problems one response carries at most, whatever the batch holds. */
export const MAX_REPORTED_PROBLEMS = 20;
/** Problems the message text names (the rest are in `details`). */
const PROBLEMS_IN_MESSAGE = 3;
/** Characters of any caller-supplied text (a field name) echoed back. */
const ECHO_LIMIT = 64;

const clip = (text: string) => (text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}...` : text);

export function detailOf(problem: Problem, pathPrefix: string): ProblemDetail {
  return {
    path: `${pathPrefix}/${problem.field === null ? "" : clip(problem.field)}`,
    reason: problem.reason,
    message: problem.message,
  };
}

/** Collects item problems up to MAX_REPORTED_PROBLEMS while counting every invalid item. */
export class ProblemCollector {
  private readonly problems: ProblemDetail[] = [];
  private invalid = 0;
  private truncated = false;
  private allFuture = true;

  add(problems: readonly Problem[], pathPrefix: string, itemTruncated: boolean): void {
    this.invalid++;
    if (itemTruncated) this.truncated = true;
    for (const p of problems) {
      if (p.reason !== "future_datetime") this.allFuture = false;
      if (this.problems.length >= MAX_REPORTED_PROBLEMS) {
        this.truncated = true;
        continue;
      }
      this.problems.push(detailOf(p, pathPrefix));
    }
  }

  get empty(): boolean {
    return this.invalid === 0;
  }

  /** FUTURE_TRANSACTION when every problem seen is a date past the clock, else INVALID_TRANSACTION. */
  toError(items: number): ScoringError {
    const code: ErrorCode = this.allFuture ? "FUTURE_TRANSACTION" : "INVALID_TRANSACTION";
    const shown = this.problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `${p.path}: ${p.message}`);
    const more = this.problems.length > PROBLEMS_IN_MESSAGE || this.truncated ? "; ..." : "";
    const report: ProblemReport = {
      problems: this.problems,
      invalid_items: this.invalid,
      truncated: this.truncated,
    };
    return new ScoringError(
      code,
      `${this.invalid} of ${items} transaction(s) invalid: ${shown.join("; ")}${more}`,
      report,
    );
  }
}

/** A body that is JSON but not the request's envelope (e.g. no `transactions` array). */
export function invalidRequest(path: string, reason: string, message: string): ScoringError {
  const report: ProblemReport = { problems: [{ path, reason, message }], invalid_items: 0, truncated: false };
  return new ScoringError("INVALID_REQUEST", `${path || "/"}: ${message}`, report);
}

/** Maps framework errors (body parsing, size, media type, timeouts) and our own to a catalogue error. */
export function toScoringError(err: FastifyError | Error): ScoringError {
  if (err instanceof ScoringError) return err;
  const fe = err as FastifyError;
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new ScoringError("PAYLOAD_TOO_LARGE");
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || fe.code === "FST_ERR_CTP_INVALID_CONTENT_LENGTH") {
    return new ScoringError("UNSUPPORTED_MEDIA_TYPE");
  }
  if (fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return new ScoringError("INVALID_JSON", "The request body is empty.", { parser: "empty body" });
  }
  return asScoringError(err);
}

/** The metric label of a 4xx: the first problem's reason, else the code. */
export function invalidReason(err: ScoringError): string {
  const details = err.details as Partial<ProblemReport> | null;
  const first = details?.problems?.[0];
  return first ? first.reason : err.code.toLowerCase();
}
