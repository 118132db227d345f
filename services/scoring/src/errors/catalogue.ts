/**
 * The scoring service's error catalogue: every error a caller or an operator can see has a stable
 * code, an HTTP status and whether retrying the same input can succeed.
 */
export const ERROR_CATALOGUE = {
  INVALID_JSON: { status: 400, retriable: false, message: "The request body is not valid JSON." },
  INVALID_REQUEST: { status: 400, retriable: false, message: "The request does not match the schema." },
  INVALID_TRANSACTION: { status: 400, retriable: false, message: "The transaction fails validation." },
  FUTURE_TRANSACTION: {
    status: 400,
    retriable: false,
    message: "The transaction is dated later than the service clock allows.",
  },
  EMPTY_BATCH: { status: 400, retriable: false, message: "The batch holds no transactions." },
  BATCH_TOO_LARGE: {
    status: 400,
    retriable: false,
    message: "The batch has more transactions than allowed.",
  },
  BODY_TOO_COMPLEX: {
    status: 400,
    retriable: false,
    message: "The body nests deeper or holds more values than any valid request.",
  },
  UNAUTHENTICATED: {
    status: 401,
    retriable: false,
    message: "Send a valid bearer token: Authorization: Bearer <token>.",
  },
  PAYLOAD_TOO_LARGE: { status: 413, retriable: false, message: "The request body is too large." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retriable: false, message: "Send application/json." },
  NOT_FOUND: { status: 404, retriable: false, message: "No such route." },
  MODEL_NOT_LOADED: { status: 503, retriable: true, message: "No model is loaded yet." },
  FEATURES_NOT_LOADED: {
    status: 503,
    retriable: true,
    message: "No terminal feature snapshot is loaded yet.",
  },
  FEATURE_STORE_UNAVAILABLE: {
    status: 503,
    retriable: true,
    message: "The online feature store is unreachable.",
  },
  FEATURE_STORE_TIMEOUT: {
    status: 503,
    retriable: true,
    message: "The online feature store did not answer in time.",
  },
  OVERLOADED: {
    status: 503,
    retriable: true,
    message: "Too many requests are waiting to be scored; retry after the Retry-After delay.",
  },
  INVALID_SCORE_RECORD: {
    status: 400,
    retriable: false,
    message: "A scores record does not match the score contract (services/contracts/score.schema.json).",
  },
  INVALID_LABEL_RECORD: {
    status: 400,
    retriable: false,
    message: "A labels record does not match the label contract (services/contracts labelMessageSchema).",
  },
  SCORING_FAILED: { status: 500, retriable: true, message: "Scoring failed unexpectedly." },
  INTERNAL: { status: 500, retriable: true, message: "Internal error." },
} as const satisfies Record<string, { status: number; retriable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error with a catalogue code; `details` is safe to return to callers. */
export class ScoringError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown, options?: { cause?: unknown }) {
    super(message ?? ERROR_CATALOGUE[code].message, options);
    this.name = "ScoringError";
    this.code = code;
    this.details = details ?? null;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  get retriable(): boolean {
    return ERROR_CATALOGUE[this.code].retriable;
  }
}

/** The wire shape of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; retriable: boolean; details: unknown };
}

export function toErrorBody(err: ScoringError): ErrorBody {
  return { error: { code: err.code, message: err.message, retriable: err.retriable, details: err.details } };
}

/** Anything thrown that is not already catalogued becomes INTERNAL, keeping the cause for logs. */
export function asScoringError(err: unknown): ScoringError {
  if (err instanceof ScoringError) return err;
  return new ScoringError("INTERNAL", undefined, null, { cause: err });
}
