import { Registry } from "prom-client";
import { silentLogger } from "../../src/log/logger";
import { METRIC } from "../../src/metrics/names";
import { createQualityConsumer } from "../../src/quality/quality-consumer";
import type { QualityRecord, QualitySource } from "../../src/quality/quality-source";
import { metricValue } from "../helpers";

/** A source the test feeds by hand, poll by poll. */
class HandFedSource implements QualitySource {
  connected = false;
  stopped = false;
  private handle: ((records: readonly QualityRecord[]) => void) | null = null;
  async run(handle: (records: readonly QualityRecord[]) => void) {
    this.handle = handle;
    this.connected = true;
  }
  async stop() {
    this.stopped = true;
    this.connected = false;
  }
  poll(records: QualityRecord[]) {
    this.handle!(records);
  }
}

const score = (id: number | string, decision: "approve" | "decline", model_version = "v1") => ({
  topic: "scores",
  value: Buffer.from(
    JSON.stringify({
      transaction_id: id,
      customer_id: 1,
      terminal_id: 2,
      tx_datetime: "2019-09-21 13:45:00",
      score: decision === "decline" ? 0.9 : 0.1,
      decision,
      threshold: 0.5,
      model_version,
      scored_at: "2026-01-01T00:00:00.000Z",
    }),
  ),
});
const label = (id: number | string, tx_fraud: 0 | 1) => ({
  topic: "labels",
  value: Buffer.from(JSON.stringify({ transaction_id: id, tx_fraud, labeled_at: "2026-01-08T00:00:00Z" })),
});

function setup() {
  let now = Date.UTC(2026, 0, 1);
  const source = new HandFedSource();
  const registry = new Registry();
  const consumer = createQualityConsumer({
    source,
    clock: () => new Date(now),
    registry,
    logger: silentLogger(),
    topics: { scores: "scores", labels: "labels" },
    window: { maxTransactions: 100, maxAgeMs: 60_000 },
    join: { maxPendingScores: 100, scoreTtlMs: 10_000, maxPendingLabels: 100, labelTtlMs: 5_000 },
    sweepIntervalMs: 60_000,
  });
  const value = (name: string, labels: Record<string, string> = {}) => metricValue(registry, name, labels);
  return { source, registry, consumer, value, advance: (ms: number) => (now += ms) };
}

describe("quality consumer", () => {
  test("precision, recall, F1 and declined share per model version from joined scores and labels", async () => {
    const { source, consumer, value } = setup();
    expect(consumer.ready).toBe(false);
    await consumer.start();
    expect(consumer.ready).toBe(true);
    // v1: 2 TP, 1 FP, 1 FN, 4 TN; v2: 1 FP. One label arrives before its score.
    source.poll([
      score(1, "decline"),
      score(2, "decline"),
      score(3, "decline"),
      score(4, "approve"),
      ...[5, 6, 7, 8].map((id) => score(id, "approve")),
      score("x-9", "decline", "v2"),
      label(10, 1),
    ]);
    source.poll([
      label(1, 1),
      label(2, 1),
      label(3, 0),
      label(4, 1),
      ...[5, 6, 7, 8].map((id) => label(id, 0)),
      label("x-9", 0),
      score(10, "decline"),
    ]);
    const v1 = { model_version: "v1" };
    expect(await value(METRIC.qualityPrecision, v1)).toBeCloseTo(3 / 4, 12);
    expect(await value(METRIC.qualityRecall, v1)).toBeCloseTo(3 / 4, 12);
    expect(await value(METRIC.qualityF1, v1)).toBeCloseTo(0.75, 12);
    expect(await value(METRIC.qualityDeclinedShare, v1)).toBeCloseTo(4 / 9, 12);
    expect(await value(METRIC.qualityWindowTransactions, { ...v1, outcome: "tp" })).toBe(3);
    expect(await value(METRIC.qualityWindowTransactions, { ...v1, outcome: "tn" })).toBe(4);
    expect(await value(METRIC.qualityJoined, v1)).toBe(9);
    const v2 = { model_version: "v2" };
    expect(await value(METRIC.qualityPrecision, v2)).toBe(0);
    // No fraud among v2's labels: recall is undefined and not exported.
    expect(await value(METRIC.qualityRecall, v2)).toBeUndefined();
    expect(await value(METRIC.qualityPending, { side: "score" })).toBe(0);
    expect(await value(METRIC.qualityPending, { side: "label" })).toBe(0);
    await consumer.stop();
    expect(source.stopped).toBe(true);
  });

  test("unmatched records are counted by side and reason; the window empties after its length", async () => {
    const { source, consumer, value, advance } = setup();
    await consumer.start();
    source.poll([score(1, "decline"), score(2, "approve"), label(2, 0), label(99, 1)]);
    advance(5_000);
    source.poll([]);
    // The label 99 waited 5 s (its TTL) for a score.
    source.poll([score(3, "approve")]);
    expect(await value(METRIC.qualityUnmatched, { side: "label", reason: "ttl" })).toBe(1);
    advance(5_000);
    source.poll([label(1, 1)]);
    // Score 1 waited 10 s: dropped before its (late) label came; the late label now waits unmatched.
    expect(await value(METRIC.qualityUnmatched, { side: "score", reason: "ttl" })).toBe(1);
    expect(await value(METRIC.qualityPending, { side: "label" })).toBe(1);
    expect(await value(METRIC.qualityPending, { side: "score" })).toBe(1);
    expect(await value(METRIC.qualityDeclinedShare, { model_version: "v1" })).toBe(0);
    advance(50_001);
    expect(await value(METRIC.qualityDeclinedShare, { model_version: "v1" })).toBeUndefined();
    await consumer.stop();
  });

  test("records breaking their contract are counted and skipped", async () => {
    const { source, consumer, value } = setup();
    await consumer.start();
    source.poll([
      { topic: "scores", value: Buffer.from("not json") },
      { topic: "scores", value: Buffer.from(JSON.stringify({ transaction_id: 1, decision: "maybe" })) },
      {
        topic: "labels",
        value: Buffer.from(JSON.stringify({ transaction_id: 1, tx_fraud: 2, labeled_at: "x" })),
      },
      { topic: "labels", value: null },
      score(1, "decline"),
      label(1, 1),
    ]);
    expect(await value(METRIC.qualityInvalidRecords, { topic: "scores", code: "INVALID_SCORE_RECORD" })).toBe(
      2,
    );
    expect(await value(METRIC.qualityInvalidRecords, { topic: "labels", code: "INVALID_LABEL_RECORD" })).toBe(
      2,
    );
    expect(await value(METRIC.qualityRecall, { model_version: "v1" })).toBe(1);
    await consumer.stop();
  });
});
