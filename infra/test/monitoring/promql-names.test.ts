import { metricNamesIn } from "../../monitoring/promql-names";

describe("metricNamesIn", () => {
  it.each<[string, string[]]>([
    ["up", ["up"]],
    ['up{job="antifraud-scoring-http"} == 0', ["up"]],
    [
      'sum by (job, le) (rate(antifraud_http_request_duration_seconds_bucket{route="/v1/score"}[5m]))',
      ["antifraud_http_request_duration_seconds_bucket"],
    ],
    ["histogram_quantile(0.99, sum(rate(x_bucket[1m])) by (le))", ["x_bucket"]],
    ["a / on(job) group_left(version) b", ["a", "b"]],
    ["a and ignoring(path) b unless c or d", ["a", "b", "c", "d"]],
    ["time() - max without (instance) (model_ts) > 8 * 86400", ["model_ts"]],
    ["rate(cpu[5m] offset 1h) > 1e3", ["cpu"]],
    ["deriv(lag[10m:1m]) > 0.5", ["lag"]],
    ["antifraud:decline_share:ratio_rate5m > 0.05", ["antifraud:decline_share:ratio_rate5m"]],
    ['label_replace(m, "dst", "$1", "src", "(.*)")', ["m"]],
    ["sum(rate(m[$__rate_interval])) by ($group)", ["m"]],
    ["m offset 5m + m", ["m"]],
    ["vector(0) or absent(up)", ["up"]],
    ["0.5 + Inf - NaN", []],
  ])("%s", (expr, expected) => {
    expect(metricNamesIn(expr)).toEqual(expected);
  });
});
