import { scoreShapeValidator } from "@antifraud/contracts";
import { fixtureRuntime, sampleTx, validTx } from "../helpers";

/** What the scorer writes is what the score contract (services/contracts/score.schema.json) accepts. */
const valid = scoreShapeValidator();

test.each([
  ["an integer id", {}],
  ["id 0 and customer 0", { transaction_id: 0, customer_id: 0 }],
  ["a string id", { transaction_id: "pos-7:a.b_c" }],
  ["an ISO tx_datetime with an offset", { tx_datetime: "2019-09-21T13:45:00.5+03:00" }],
])("a score for a transaction with %s matches the contract", async (_, over) => {
  const rt = await fixtureRuntime();
  const [result] = await rt.scorer.score([validTx(sampleTx(over))], "http");
  expect([valid(result), valid.errors ?? null]).toEqual([true, null]);
  const { tx_amount: _amount, ...echoed } = sampleTx(over);
  expect(result).toMatchObject(echoed);
});
