import { labelOf, samples, sumMetric } from "../src/metrics-scrape";

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

describe("samples", () => {
  it("lists the matching values in order, and nothing for an absent metric or label", () => {
    expect(samples(EXPOSITION, "antifraud_scored_transactions_total", { path: "stream" })).toEqual([95, 5]);
    expect(samples(EXPOSITION, "antifraud_quality_precision_ratio")).toEqual([]);
    expect(samples(EXPOSITION, "antifraud_scored_transactions_total", { path: "batch" })).toEqual([]);
  });
});

describe("labelOf", () => {
  const info = [
    'antifraud_terminal_snapshot_info{as_of_day="2018-06-16"} 0',
    'antifraud_terminal_snapshot_info{service="serve",as_of_day="2018-06-17"} 1',
    'antifraud_terminal_snapshot_info_extra{as_of_day="2018-06-18"} 1',
    'antifraud_model_info{version="1.2.0-x"} 1',
  ].join("\n");

  it("reads the label of the sample whose value is 1, past samples at 0 and metrics sharing the prefix", () => {
    expect(labelOf(info, "antifraud_terminal_snapshot_info", "as_of_day")).toBe("2018-06-17");
  });

  it("is undefined for an absent metric, an absent label or no sample at 1", () => {
    expect(labelOf(info, "antifraud_quality_info", "as_of_day")).toBeUndefined();
    expect(labelOf(info, "antifraud_model_info", "as_of_day")).toBeUndefined();
    expect(
      labelOf(info.split("\n")[0] ?? "", "antifraud_terminal_snapshot_info", "as_of_day"),
    ).toBeUndefined();
  });
});
