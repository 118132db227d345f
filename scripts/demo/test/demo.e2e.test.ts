import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DAILY_DAG, RETRAIN_DAG } from "../src/day-two";
import { runDemo } from "../src/run-demo";
import { parseDemoOptions } from "../src/options";
import { DECLINE_LIMIT } from "../src/report";
import { Shutdown } from "../src/shutdown";

/**
 * The README's main command on a small size: real Kafka, Redis and Prometheus processes, the Spark
 * pipeline in local mode, the scoring processes, streaming with delayed labels, day 2's scheduled DAG
 * runs on Airflow with MLflow, and the report.
 */
describe("npm run demo (small)", () => {
  const lines: string[] = [];
  const shutdown = new Shutdown((line) => lines.push(line));
  let result: Awaited<ReturnType<typeof runDemo>>;

  beforeAll(async () => {
    const options = parseDemoOptions([
      "--customers=200",
      "--terminals=400",
      "--days=48",
      "--stream-days=2",
      "--train-days=7",
      "--folds=1",
      "--http-seconds=2",
      "--label-delay-ms=500",
      "--out=.local/demo-test",
    ]);
    try {
      result = await runDemo(options, shutdown, (line) => lines.push(line));
    } finally {
      await shutdown.runAll();
    }
  }, 900_000);

  it("scores every streamed transaction exactly once", () => {
    expect(result.stream.sent).toBeGreaterThan(0);
    expect(result.quality.scored + result.stream.dlq).toBe(result.stream.sent);
    expect(result.stream.duplicateScores).toBe(0);
  });

  it("joins every score with its delayed label and reports quality against the 5% limit", () => {
    expect(result.quality.labelled).toBe(result.quality.scored);
    expect(result.quality.frauds).toBeGreaterThan(0);
    expect(result.quality.declinedShare).toBeGreaterThanOrEqual(0);
    expect(result.quality.declinedShare).toBeLessThanOrEqual(1);
    // The verdict printed is the one the measured share implies (one line, the other verdict absent).
    const verdict = result.quality.declinedShare < DECLINE_LIMIT ? "limit: OK (" : "limit: OVER THE LIMIT (";
    const printed = lines.filter((line) => line.startsWith("declined share "));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(verdict);
  });

  it("the deployed quality consumer reports the online quality the demo's own join computes", () => {
    expect(result.consumerQuality.joined).toBe(result.quality.labelled);
    expect(result.consumerQuality.precision).toBeCloseTo(result.quality.precision, 9);
    expect(result.consumerQuality.recall).toBeCloseTo(result.quality.recall, 9);
    expect(result.consumerQuality.f1).toBeCloseTo(result.quality.f1, 9);
    expect(result.consumerQuality.declinedShare).toBeCloseTo(result.quality.declinedShare, 9);
    expect(lines.filter((line) => line.startsWith("quality consumer: "))).toHaveLength(1);
  });

  it("measures HTTP latency and reads the alert states from Prometheus", () => {
    expect(result.http?.requests).toBeGreaterThan(0);
    expect(result.http?.non2xx).toBe(0);
    expect(result.alerts.map((a) => a.name)).toContain("DeclineShareAboveLimit");
  });

  it("writes the HTML report with its plots and stops every process it started", () => {
    const html = readFileSync(result.reportFile, "utf8");
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain(result.model.version);
    expect(existsSync(result.model.reportPath)).toBe(true);
    for (const name of ["scoring stream", "scoring serve", "Prometheus", "MLflow", "Redis", "Kafka"]) {
      expect(lines).toContain(`stopped ${name}`);
    }
  });

  it("day 2: the daily DAG refreshes the first streamed day and both scorers swap its snapshot in, unrestarted", () => {
    const day = result.dayTwo!;
    expect(day.day).toBe(lines.find((l) => l.startsWith("[6/8] stream "))?.split(" ")[2]);
    expect(day.dagRuns.map((run) => [run.dagId, run.state])).toEqual([
      [DAILY_DAG, "success"],
      [RETRAIN_DAG, "success"],
    ]);
    expect(day.dagRuns[0]?.tasks).toEqual({ clean: "success", features: "success" });
    expect(day.dataQuality.rowsValid).toBe(day.dataQuality.rowsRead - day.dataQuality.rowsRejected);
    expect(day.dataQuality.rowsValid).toBeGreaterThan(0);
    expect(day.snapshot.map((s) => [s.process, s.asOfAfter, s.sameProcess])).toEqual([
      ["scoring serve", day.day, true],
      ["scoring stream", day.day, true],
    ]);
    for (const s of day.snapshot) expect(s.asOfBefore).not.toBe(day.day);
  });

  it("day 2: the retrain compares a challenger with the day-1 champion and logs its decision to MLflow", () => {
    const retrain = result.dayTwo!.retrain;
    expect(retrain.champion).toBe(result.model.version);
    expect(retrain.version).not.toBe(result.model.version);
    const pointer = JSON.parse(
      readFileSync(join(dirname(result.reportFile), "models", "champion.json"), "utf8"),
    ) as {
      version: string;
    };
    expect(pointer.version).toBe(retrain.promoted ? retrain.version : result.model.version);
    expect(retrain.mlflowRunUrl).toMatch(new RegExp(`/#/experiments/\\d+/runs/${retrain.mlflowRunId}$`));
    const html = readFileSync(result.reportFile, "utf8");
    expect(html).toContain(retrain.mlflowRunUrl);
    expect(html).toContain(`${RETRAIN_DAG}</td>`);
    expect(lines.filter((line) => line.startsWith("retrain: challenger "))).toHaveLength(1);
  });
});
