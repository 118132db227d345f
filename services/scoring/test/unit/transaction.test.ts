import fc from "fast-check";
import { createTransactionValidator } from "../../src/features/transaction";
import { parseTransactionMessage } from "../../src/stream/message";
import { sampleTx, validator } from "../helpers";

const validateTransaction = (raw: unknown) => validator.validate(raw);

describe("the transaction contract", () => {
  test("accepts the contract's fields and converts the time to UTC seconds", () => {
    const r = validateTransaction(sampleTx({ transaction_id: "tx-9" }));
    expect(r).toEqual({
      ok: true,
      tx: {
        transactionId: "tx-9",
        txDatetime: "2019-09-21 13:45:00",
        timeSeconds: Date.UTC(2019, 8, 21, 13, 45) / 1000,
        customerId: 42,
        terminalId: 7,
        amount: 57.16,
      },
    });
  });

  test.each([
    [null, "not_an_object"],
    [[1], "not_an_object"],
    [sampleTx({ tx_fraud: 0 }), "label_field"],
    [sampleTx({ percent_fraud_on_terminal: 0.1 }), "label_field"],
    [sampleTx({ extra: 1 }), "unexpected_field"],
    [sampleTx({ tx_amount: undefined }), "missing_field"],
    [sampleTx({ customer_id: null }), "missing_field"],
    [sampleTx({ transaction_id: -1 }), "bad_transaction_id"],
    [sampleTx({ transaction_id: "has space" }), "bad_transaction_id"],
    [sampleTx({ customer_id: 1.5 }), "bad_customer_id"],
    [sampleTx({ terminal_id: "7" }), "bad_terminal_id"],
    [sampleTx({ tx_datetime: "2019-09-21 24:00:00" }), "bad_datetime"],
    [sampleTx({ tx_amount: 0 }), "bad_amount"],
    [sampleTx({ tx_amount: -3 }), "bad_amount"],
    [sampleTx({ tx_amount: "5" }), "bad_amount"],
    [sampleTx({ tx_amount: Infinity }), "bad_amount"],
    [sampleTx({ customer_id: 2 ** 53 }), "bad_customer_id"],
    [sampleTx({ transaction_id: "x".repeat(65) }), "bad_transaction_id"],
    [sampleTx({ tx_datetime: "2999-01-01 00:00:00" }), "future_datetime"],
  ])("%j -> %s", (raw, reason) => {
    const r = validateTransaction(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.reason).toBe(reason);
  });

  const long = (n: number) => "k".repeat(n);
  test.each([
    [sampleTx({ tx_fraud: 0 }), "label_field", "tx_fraud", "tx_fraud is label-derived and must not be sent"],
    [sampleTx({ [long(64)]: 1 }), "unexpected_field", long(64), `unknown field ${long(64)}`],
    // A caller's key is echoed up to 64 characters only.
    [sampleTx({ [long(65)]: 1 }), "unexpected_field", `${long(64)}...`, `unknown field ${long(64)}...`],
    [sampleTx({ tx_amount: undefined }), "missing_field", "tx_amount", "tx_amount is required"],
    [sampleTx({ customer_id: null }), "missing_field", "customer_id", "customer_id is required"],
    [sampleTx({ tx_amount: "5" }), "bad_amount", "tx_amount", "tx_amount must be number"],
  ])("%j is explained exactly: %s on %s", (raw, reason, field, message) => {
    expect(validateTransaction(raw)).toEqual({ ok: false, problems: [{ reason, field, message }] });
  });

  test("at most 3 problems per transaction, in field order, however many it has", () => {
    const raw = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`junk${i}`, i]));
    const r = validateTransaction(raw);
    expect(r).toEqual({
      ok: false,
      problems: [0, 1, 2].map((i) => ({
        reason: "unexpected_field",
        field: `junk${i}`,
        message: `unknown field junk${i}`,
      })),
    });
  });

  test("the skew is measured against the given clock (a replay clock keeps the check on)", () => {
    const replay = createTransactionValidator({
      now: () => Date.parse("2019-09-21T13:40:00Z"),
      maxFutureSkewSeconds: 300,
    });
    expect(replay.validate(sampleTx({ tx_datetime: "2019-09-21 13:45:00" })).ok).toBe(true);
    const r = replay.validate(sampleTx({ tx_datetime: "2019-09-21 13:45:01" }));
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          reason: "future_datetime",
          field: "tx_datetime",
          message:
            "2019-09-21 13:45:01 is more than 300 s after the service clock (2019-09-21T13:40:00.000Z)",
        },
      ],
    });
  });

  test("property: valid transactions are accepted with the same fields, any extra key is refused", () => {
    const tx = fc.record({
      transaction_id: fc.oneof(fc.nat(), fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/)),
      tx_datetime: fc
        .date({
          min: new Date("1970-01-01T00:00:00Z"),
          max: new Date("2025-12-31T23:59:59Z"),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 19).replace("T", " ")),
      customer_id: fc.nat(),
      terminal_id: fc.nat(),
      tx_amount: fc.double({ min: 0.01, max: 1e9, noNaN: true }),
    });
    fc.assert(
      fc.property(tx, fc.string({ minLength: 1, maxLength: 8 }), (raw, extra) => {
        const r = validateTransaction(raw);
        expect(r.ok && r.tx.customerId === raw.customer_id && r.tx.amount === raw.tx_amount).toBe(true);
        if (!(extra in raw)) {
          const bad = validateTransaction({ ...raw, [extra]: 1 });
          expect(bad.ok).toBe(false);
        }
      }),
    );
  });
});

describe("parseTransactionMessage", () => {
  test("empty, non-JSON and invalid records are coded; valid ones parse", () => {
    expect(parseTransactionMessage(null, validator)).toMatchObject({
      ok: false,
      code: "INVALID_JSON",
      reason: "empty_value",
    });
    expect(parseTransactionMessage(Buffer.from("{oops"), validator)).toMatchObject({
      ok: false,
      code: "INVALID_JSON",
      reason: "invalid_json",
    });
    expect(
      parseTransactionMessage(Buffer.from(JSON.stringify(sampleTx({ tx_amount: -1 }))), validator),
    ).toMatchObject({
      ok: false,
      code: "INVALID_TRANSACTION",
      reason: "bad_amount",
    });
    expect(parseTransactionMessage(Buffer.from(JSON.stringify(sampleTx())), validator)).toMatchObject({
      ok: true,
    });
    const future = Buffer.from(JSON.stringify(sampleTx({ tx_datetime: "9999-01-01 00:00:00" })));
    expect(parseTransactionMessage(future, validator)).toMatchObject({
      ok: false,
      code: "FUTURE_TRANSACTION",
      reason: "future_datetime",
    });
  });
});
