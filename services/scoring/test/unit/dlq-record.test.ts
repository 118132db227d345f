import { DLQ_HEADERS } from "@antifraud/contracts";
import { DLQ_MAX_RECORD_BYTES, dlqRecord } from "../../src/stream/dlq-record";

const why = { code: "INVALID_JSON", reason: "invalid_json", message: "Unexpected token" };
const message = (value: Buffer | null) => ({
  offset: 41,
  key: Buffer.from("42"),
  value,
  headers: [{ key: "trace", value: Buffer.from("t-1") }],
});
const headers = (r: ReturnType<typeof dlqRecord>) =>
  Object.fromEntries((r.headers ?? []).map((h) => [h.key, String(h.value)]));
const size = (r: ReturnType<typeof dlqRecord>) =>
  (r.key?.length ?? 0) +
  r.value.length +
  (r.headers ?? []).reduce((n, h) => n + h.key.length + h.value.length, 0);

test("a dead letter keeps key, value and headers and adds the contract's error and source headers", () => {
  const r = dlqRecord(
    "transactions.dlq",
    { topic: "transactions", partition: 2 },
    message(Buffer.from("{x")),
    why,
  );
  expect(r).toMatchObject({ topic: "transactions.dlq", key: Buffer.from("42"), value: Buffer.from("{x") });
  expect(headers(r)).toEqual({
    trace: "t-1",
    [DLQ_HEADERS.errorCode]: "INVALID_JSON",
    [DLQ_HEADERS.errorReason]: "invalid_json",
    [DLQ_HEADERS.errorMessage]: "Unexpected token",
    [DLQ_HEADERS.sourceTopic]: "transactions",
    [DLQ_HEADERS.sourcePartition]: "2",
    [DLQ_HEADERS.sourceOffset]: "41",
  });
});

test.each([DLQ_MAX_RECORD_BYTES - 2000, DLQ_MAX_RECORD_BYTES, 1_000_000, 1_048_576])(
  "a %d-byte value fits the record limit, cut and marked only when it must be",
  (length) => {
    const value = Buffer.alloc(length, "a");
    const r = dlqRecord("d", { topic: "t", partition: 0 }, message(value), why);
    expect(size(r)).toBeLessThanOrEqual(DLQ_MAX_RECORD_BYTES);
    const cut = headers(r)[DLQ_HEADERS.truncatedFrom];
    if (r.value.length === length) expect(cut).toBeUndefined();
    else {
      expect(cut).toBe(String(length));
      expect(value.subarray(0, r.value.length).equals(r.value as Buffer)).toBe(true);
    }
  },
);

test("an empty record dead-letters as an empty value", () => {
  const r = dlqRecord("d", { topic: "t", partition: 0 }, message(null), why);
  expect(r.value).toEqual(Buffer.alloc(0));
  expect(headers(r)[DLQ_HEADERS.truncatedFrom]).toBeUndefined();
});
