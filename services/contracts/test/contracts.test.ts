import {
  labelMessageSchema,
  loadFeatureSpec,
  parseFeatureSpec,
  scoreShapeValidator,
  transactionShapeValidator,
} from "../src";

describe("feature spec", () => {
  const spec = loadFeatureSpec();

  it("parses the committed spec and keeps names unique and ordered", () => {
    const names = spec.features.map((f) => f.name);
    expect(names[0]).toBe("tx_amount");
    expect(new Set(names).size).toBe(names.length);
  });

  it("rejects an unknown kind, a duplicate name and a missing window", () => {
    const base = JSON.parse(JSON.stringify(spec));
    expect(() => parseFeatureSpec({ ...base, features: [{ name: "x", kind: "magic" }] })).toThrow();
    expect(() => parseFeatureSpec({ ...base, features: [base.features[0], base.features[0]] })).toThrow(
      /duplicate feature tx_amount/,
    );
    expect(() => parseFeatureSpec({ ...base, features: [{ name: "c", kind: "customer_count" }] })).toThrow();
  });
});

describe("messages", () => {
  const tx = {
    transaction_id: 1,
    tx_datetime: "2018-04-01 00:00:31",
    customer_id: 596,
    terminal_id: 3156,
    tx_amount: 57.16,
  };

  const valid = transactionShapeValidator();

  it.each([
    ["dataset format", tx],
    ["ISO datetime with offset", { ...tx, tx_datetime: "2018-04-01T00:00:31+03:00" }],
    ["string id", { ...tx, transaction_id: "pos-17:a" }],
  ])("accepts a transaction in the %s", (_label, value) => {
    expect(valid(value)).toBe(true);
  });

  it.each([
    ["label-derived field", { ...tx, tx_fraud: 1 }],
    ["non-positive amount", { ...tx, tx_amount: 0 }],
    ["infinite amount", { ...tx, tx_amount: Infinity }],
    ["negative id", { ...tx, customer_id: -3 }],
    ["unsafe integer id", { ...tx, customer_id: 2 ** 53 }],
    ["date-time with words", { ...tx, tx_datetime: "yesterday" }],
    ["missing terminal", { ...tx, terminal_id: undefined }],
  ])("rejects a transaction with a %s", (_label, value) => {
    expect(valid(JSON.parse(JSON.stringify(value)) as unknown)).toBe(false);
  });

  /** The score the service writes for `transaction`: its keys echoed, the amount dropped. */
  const scoreOf = ({ tx_amount: _amount, ...echoed }: Record<string, unknown>) => ({
    ...echoed,
    score: 0.2,
    decision: "approve",
    threshold: 0.5,
    model_version: "v1",
    scored_at: "2026-11-26T12:00:00.000Z",
  });

  it("rejects a score outside [0, 1] and an unknown decision", () => {
    const score = scoreOf(tx);
    const valid = scoreShapeValidator();
    expect(valid(score)).toBe(true);
    expect(valid({ ...score, score: 1.5 })).toBe(false);
    expect(valid({ ...score, decision: "review" })).toBe(false);
    expect(valid({ ...score, scored_at: "2026-11-26 12:00:00" })).toBe(false);
    expect(valid({ ...score, tx_fraud: 0 })).toBe(false);
  });

  it("accepts in a score every id and tx_datetime the transaction contract accepts", () => {
    const validTx = transactionShapeValidator();
    const validScore = scoreShapeValidator();
    const variants = [
      { transaction_id: 0, customer_id: 0 },
      { transaction_id: "pos-7:a.b_c" },
      { tx_datetime: "2019-09-21T13:45:00.123+03:00" },
      { terminal_id: Number.MAX_SAFE_INTEGER },
    ];
    for (const variant of variants) {
      const transaction = { ...tx, ...variant };
      expect(validTx(transaction)).toBe(true);
      expect([variant, validScore(scoreOf(transaction))]).toEqual([variant, true]);
    }
  });

  it("labels accept the transaction contract's ids", () => {
    const label = { tx_fraud: 1, labeled_at: "2026-11-26T12:00:00.000Z" };
    expect(labelMessageSchema.safeParse({ ...label, transaction_id: 0 }).success).toBe(true);
    expect(labelMessageSchema.safeParse({ ...label, transaction_id: "pos-7" }).success).toBe(true);
    expect(labelMessageSchema.safeParse({ ...label, transaction_id: -1 }).success).toBe(false);
    expect(labelMessageSchema.safeParse({ ...label, transaction_id: "a b" }).success).toBe(false);
  });
});
