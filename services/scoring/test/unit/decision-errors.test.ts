import {
  asScoringError,
  ERROR_CATALOGUE,
  ScoringError,
  toErrorBody,
  type ErrorCode,
} from "../../src/errors/catalogue";
import { decide } from "../../src/scoring/decision";

describe("decide", () => {
  test.each([
    [0.5, 0.5, "decline"],
    [Math.fround(0.3), Math.fround(0.3), "decline"],
    [0.49999999, 0.5, "approve"],
    [0.50000001, 0.5, "decline"],
    [0, 0.01, "approve"],
    [1, 0.99, "decline"],
  ])("score %d at threshold %d -> %s", (score, threshold, expected) => {
    expect(decide(score, threshold)).toBe(expected);
  });
});

describe("error catalogue", () => {
  test("codes, statuses and retriability are stable", () => {
    expect(
      Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, e]) => [code, [e.status, e.retriable]])),
    ).toEqual({
      INVALID_JSON: [400, false],
      INVALID_REQUEST: [400, false],
      INVALID_TRANSACTION: [400, false],
      FUTURE_TRANSACTION: [400, false],
      EMPTY_BATCH: [400, false],
      BATCH_TOO_LARGE: [400, false],
      BODY_TOO_COMPLEX: [400, false],
      UNAUTHENTICATED: [401, false],
      PAYLOAD_TOO_LARGE: [413, false],
      UNSUPPORTED_MEDIA_TYPE: [415, false],
      NOT_FOUND: [404, false],
      MODEL_NOT_LOADED: [503, true],
      FEATURES_NOT_LOADED: [503, true],
      FEATURE_STORE_UNAVAILABLE: [503, true],
      FEATURE_STORE_TIMEOUT: [503, true],
      OVERLOADED: [503, true],
      INVALID_SCORE_RECORD: [400, false],
      INVALID_LABEL_RECORD: [400, false],
      SCORING_FAILED: [500, true],
      INTERNAL: [500, true],
    });
  });

  test("an error raised by code alone carries the catalogue's status, retriability and message", () => {
    const raised = (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).map((code) => {
      const err = new ScoringError(code);
      return [code, err.status, err.retriable, toErrorBody(err).error.message];
    });
    expect(raised).toEqual(
      Object.entries(ERROR_CATALOGUE).map(([code, e]) => [code, e.status, e.retriable, e.message]),
    );
    expect(new Set(raised.map(([, , , message]) => message)).size).toBe(raised.length);
  });

  test("body shape and wrapping of unknown errors", () => {
    const err = new ScoringError("INVALID_TRANSACTION", "tx_amount: bad", [{ path: "/tx_amount" }]);
    expect(toErrorBody(err)).toEqual({
      error: {
        code: "INVALID_TRANSACTION",
        message: "tx_amount: bad",
        retriable: false,
        details: [{ path: "/tx_amount" }],
      },
    });
    const wrapped = asScoringError(new Error("secret internals"));
    expect(wrapped.code).toBe("INTERNAL");
    expect(toErrorBody(wrapped).error.message).toBe("Internal error.");
    expect(asScoringError(err)).toBe(err);
  });
});
