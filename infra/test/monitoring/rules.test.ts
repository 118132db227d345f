import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ERROR_CATALOGUE } from "@antifraud/scoring";
import { metricNamesIn } from "../../monitoring/promql-names";
import { alertingRules, loadRuleFile, recordingRules } from "../../monitoring/rules-file";
import { SCRAPE_JOBS } from "../../monitoring/scrape-jobs";
import { knownSeriesNames } from "./known-metrics";
import { headingAnchor, markdownHeadings } from "./markdown-anchors";

const RUNBOOK = join(__dirname, "..", "..", "..", "docs", "runbook.md");
const rules = loadRuleFile();
const alerts = alertingRules(rules);
const allRules = [...alerts, ...recordingRules(rules)];

describe("alert-rules.yaml", () => {
  it("has the alerts the platform promises, each once", () => {
    const names = alerts.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(
      [
        "ConsumerLagGrowing",
        "DeclineShareAboveLimit",
        "DeclineShareCollapsed",
        "FeatureDriftHigh",
        "InvalidInputSpike",
        "ModelReloadFailed",
        "ModelTooOld",
        "OnlinePrecisionBelowFloor",
        "OnlineRecallBelowFloor",
        "ScoringCpuSaturated",
        "ScoringErrorRateHigh",
        "ScoringJobAbsent",
        "ScoringJobDown",
        "ScoringLatencyHigh",
        "ScoringTargetDown",
      ].sort(),
    );
  });

  it("leaves the evaluation interval to each Prometheus (the local test evaluates every second)", () => {
    expect(rules.groups.filter((group) => group.interval !== undefined)).toEqual([]);
  });

  it.each(alerts.map((rule) => [rule.alert, rule] as const))(
    "%s has severity, summary, description and a runbook section",
    (_name, rule) => {
      expect(["critical", "warning"]).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
      expect(rule.annotations?.description?.length).toBeGreaterThan(20);
      expect(rule.annotations?.runbook_url).toMatch(/^docs\/runbook\.md#[a-z]+$/);
    },
  );

  it("has one runbook section per alert, titled with the alert name the runbook_url points at", () => {
    const headings = markdownHeadings(readFileSync(RUNBOOK, "utf8"), 2);
    const alertSections = headings.filter((heading) => /^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/.test(heading));
    expect([...alertSections].sort()).toEqual(alerts.map((rule) => rule.alert).sort());
    for (const rule of alerts)
      expect(rule.annotations?.runbook_url).toBe(`docs/runbook.md#${headingAnchor(rule.alert)}`);
  });

  it("reads only series the scoring service, Prometheus or a recording rule produce", async () => {
    const known = await knownSeriesNames(rules);
    const dangling = allRules.flatMap((rule) =>
      metricNamesIn(rule.expr)
        .filter((name) => !known.has(name))
        .map((name) => `${"alert" in rule ? rule.alert : rule.record}: ${name}`),
    );
    expect(dangling).toEqual([]);
  });

  it("counts as server errors exactly the catalogue codes with a 5xx status", () => {
    const serverCodes = Object.entries(ERROR_CATALOGUE)
      .filter(([, entry]) => entry.status >= 500)
      .map(([code]) => code)
      .sort();
    const record = recordingRules(rules).find(
      (rule) => rule.record === "path:antifraud_scoring_errors:rate5m",
    );
    const matcher = /code=~"([^"]+)"/.exec(record?.expr ?? "");
    expect(matcher?.[1]?.split("|").sort()).toEqual(serverCodes);
  });

  it("matches the scoring jobs by their exact scrape-job names", () => {
    const jobs = Object.values(SCRAPE_JOBS);
    const jobMatchers = allRules.flatMap((rule) => [...rule.expr.matchAll(/job(=~?)"([^"]+)"/g)]);
    expect(jobMatchers.length).toBeGreaterThan(0);
    for (const [, op, value] of jobMatchers) {
      const matched = op === "=" ? [value] : jobs.filter((job) => new RegExp(`^(?:${value})$`).test(job));
      expect(jobs).toEqual(expect.arrayContaining(matched));
      if (op === "=~") expect(matched).toEqual(jobs);
    }
  });
});
