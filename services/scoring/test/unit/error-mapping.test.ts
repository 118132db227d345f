import type { FastifyError } from "fastify";
import { ScoringError } from "../../src/errors/catalogue";
import type { Problem } from "../../src/features/transaction";
import {
  detailOf,
  invalidReason,
  invalidRequest,
  MAX_REPORTED_PROBLEMS,
  ProblemCollector,
  toScoringError,
} from "../../src/http/error-mapping";

const problem = (
  field: string | null,
  reason: Problem["reason"] = "unexpected_field",
  message = "m",
): Problem => ({
  reason,
  field,
  message,
});

describe("detailOf", () => {
  it.each([
    [problem("tx_amount"), "/transactions/0/tx_amount"],
    [problem(null, "not_an_object"), "/transactions/0/"],
    [problem("k".repeat(64)), `/transactions/0/${"k".repeat(64)}`],
    [problem("k".repeat(65)), `/transactions/0/${"k".repeat(64)}...`],
  ])("points into the body, echoing at most 64 characters of a field: %j", (p, path) => {
    expect(detailOf(p, "/transactions/0")).toEqual({ path, reason: p.reason, message: p.message });
  });
});

describe("ProblemCollector", () => {
  const collect = (items: { problems: Problem[]; truncated?: boolean }[]) => {
    const c = new ProblemCollector();
    items.forEach((item, i) => c.add(item.problems, `/transactions/${i}`, item.truncated ?? false));
    return c;
  };

  it("names up to three problems in the message and says nothing more when there are no more", () => {
    const err = collect([{ problems: [problem("a"), problem("b")] }, { problems: [problem("c")] }]).toError(
      5,
    );
    expect(err.code).toBe("INVALID_TRANSACTION");
    expect(err.message).toBe(
      "2 of 5 transaction(s) invalid: /transactions/0/a: m; /transactions/0/b: m; /transactions/1/c: m",
    );
    expect(err.details).toEqual({
      problems: [
        { path: "/transactions/0/a", reason: "unexpected_field", message: "m" },
        { path: "/transactions/0/b", reason: "unexpected_field", message: "m" },
        { path: "/transactions/1/c", reason: "unexpected_field", message: "m" },
      ],
      invalid_items: 2,
      truncated: false,
    });
  });

  it("marks a fourth problem, or a truncated item, with '; ...'", () => {
    const four = collect([{ problems: ["a", "b", "c", "d"].map((f) => problem(f)) }]).toError(1);
    expect(four.message).toMatch(/\/transactions\/0\/c: m; \.\.\.$/);
    expect((four.details as { truncated: boolean }).truncated).toBe(false);
    const cut = collect([{ problems: [problem("a")], truncated: true }]).toError(1);
    expect(cut.message).toBe("1 of 1 transaction(s) invalid: /transactions/0/a: m; ...");
    expect((cut.details as { truncated: boolean }).truncated).toBe(true);
  });

  it("keeps at most MAX_REPORTED_PROBLEMS problems and counts every invalid item", () => {
    const items = Array.from({ length: MAX_REPORTED_PROBLEMS + 1 }, (_, i) => ({
      problems: [problem(`f${i}`)],
    }));
    const exact = collect(items.slice(0, MAX_REPORTED_PROBLEMS)).toError(100).details as {
      problems: unknown[];
      truncated: boolean;
    };
    expect([exact.problems.length, exact.truncated]).toEqual([MAX_REPORTED_PROBLEMS, false]);
    const over = collect(items).toError(100).details as {
      problems: unknown[];
      invalid_items: number;
      truncated: boolean;
    };
    expect([over.problems.length, over.invalid_items, over.truncated]).toEqual([
      MAX_REPORTED_PROBLEMS,
      MAX_REPORTED_PROBLEMS + 1,
      true,
    ]);
  });

  it("is FUTURE_TRANSACTION only when every problem is a future date", () => {
    const future = problem("tx_datetime", "future_datetime");
    expect(collect([{ problems: [future] }, { problems: [future] }]).toError(2).code).toBe(
      "FUTURE_TRANSACTION",
    );
    expect(collect([{ problems: [future] }, { problems: [problem("x")] }]).toError(2).code).toBe(
      "INVALID_TRANSACTION",
    );
    expect(new ProblemCollector().empty).toBe(true);
    expect(collect([{ problems: [future] }]).empty).toBe(false);
  });
});

describe("invalidRequest", () => {
  it.each([
    ["", "/: no transactions array"],
    ["/transactions", "/transactions: no transactions array"],
  ])("names the path %j (the root as /)", (path, message) => {
    const err = invalidRequest(path, "missing_field", "no transactions array");
    expect([err.code, err.message, err.details]).toEqual([
      "INVALID_REQUEST",
      message,
      {
        problems: [{ path, reason: "missing_field", message: "no transactions array" }],
        invalid_items: 0,
        truncated: false,
      },
    ]);
  });
});

describe("toScoringError", () => {
  const framework = (code: string) => Object.assign(new Error(code), { code }) as FastifyError;

  it.each([
    ["FST_ERR_CTP_BODY_TOO_LARGE", "PAYLOAD_TOO_LARGE"],
    ["FST_ERR_CTP_INVALID_MEDIA_TYPE", "UNSUPPORTED_MEDIA_TYPE"],
    ["FST_ERR_CTP_INVALID_CONTENT_LENGTH", "UNSUPPORTED_MEDIA_TYPE"],
    ["FST_ERR_CTP_EMPTY_JSON_BODY", "INVALID_JSON"],
    ["FST_ERR_SOMETHING_ELSE", "INTERNAL"],
  ])("%s -> %s", (code, expected) => {
    expect(toScoringError(framework(code)).code).toBe(expected);
  });

  it("explains an empty body and keeps our own errors as they are", () => {
    const empty = toScoringError(framework("FST_ERR_CTP_EMPTY_JSON_BODY"));
    expect([empty.message, empty.details]).toEqual(["The request body is empty.", { parser: "empty body" }]);
    const ours = new ScoringError("MODEL_NOT_LOADED");
    expect(toScoringError(ours)).toBe(ours);
  });
});

describe("invalidReason", () => {
  it("is the first problem's reason, else the code in lower case", () => {
    expect(invalidReason(invalidRequest("", "missing_field", "x"))).toBe("missing_field");
    expect(invalidReason(new ScoringError("PAYLOAD_TOO_LARGE"))).toBe("payload_too_large");
    expect(invalidReason(new ScoringError("INVALID_JSON", "x", { parser: "p" }))).toBe("invalid_json");
  });
});
