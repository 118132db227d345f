import { sumMetric } from "../src/metrics-scrape";

const EXPOSITION = [
  "# HELP antifraud_scored_transactions_total Scored.",
  "# TYPE antifraud_scored_transactions_total counter",
  'antifraud_scored_transactions_total{path="stream",decision="approve"} 95',
  'antifraud_scored_transactions_total{path="stream",decision="decline"} 5',
  'antifraud_scored_transactions_total{path="http",decision="approve"} 7',
  'antifraud_scored_transactions_total_extra{path="stream"} 1000',
  "antifraud_dlq_messages_total 3",
].join("\n");

describe("sumMetric", () => {
  it.each([
    [{ path: "stream" }, 100],
    [{ path: "stream", decision: "decline" }, 5],
    [{}, 107],
    [{ path: "batch" }, 0],
  ])("sums the samples matching %j", (labels, expected) => {
    expect(sumMetric(EXPOSITION, "antifraud_scored_transactions_total", labels)).toBe(expected);
  });

  it("reads an unlabelled sample and ignores metrics that only share the prefix", () => {
    expect(sumMetric(EXPOSITION, "antifraud_dlq_messages_total")).toBe(3);
  });
});
