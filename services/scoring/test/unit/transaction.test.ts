import { validateTransaction } from "../../src/features/transaction";
import { parseTransactionMessage } from "../../src/stream/message";
import { sampleTx } from "../helpers";

describe("validateTransaction", () => {
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
  ])("%j -> %s", (raw, reason) => {
    const r = validateTransaction(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe(reason);
  });
});

describe("parseTransactionMessage", () => {
  test("empty, non-JSON and invalid records are coded; valid ones parse", () => {
    expect(parseTransactionMessage(null)).toMatchObject({
      ok: false,
      code: "INVALID_JSON",
      reason: "empty_value",
    });
    expect(parseTransactionMessage(Buffer.from("{oops"))).toMatchObject({
      ok: false,
      code: "INVALID_JSON",
      reason: "invalid_json",
    });
    expect(parseTransactionMessage(Buffer.from(JSON.stringify(sampleTx({ tx_amount: -1 }))))).toMatchObject({
      ok: false,
      code: "INVALID_TRANSACTION",
      reason: "bad_amount",
    });
    expect(parseTransactionMessage(Buffer.from(JSON.stringify(sampleTx())))).toMatchObject({ ok: true });
  });
});
