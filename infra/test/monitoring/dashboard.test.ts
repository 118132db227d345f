import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import { metricNamesIn } from "../../monitoring/promql-names";
import { loadRuleFile } from "../../monitoring/rules-file";
import { knownSeriesNames } from "./known-metrics";
import { promtool } from "./promtool";

const DASHBOARD_FILE = join(__dirname, "..", "..", "monitoring", "dashboard.json");

const target = z.object({ refId: z.string().min(1), expr: z.string().min(1) });
const panel = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string().min(1),
  gridPos: z.object({ x: z.number().int(), y: z.number().int(), w: z.number().int(), h: z.number().int() }),
  datasource: z.object({ type: z.literal("prometheus"), uid: z.literal("${datasource}") }),
  targets: z.array(target).min(1),
  fieldConfig: z
    .object({
      defaults: z
        .object({
          thresholds: z.object({ steps: z.array(z.object({ value: z.number().nullable() })) }).optional(),
        })
        .loose(),
    })
    .loose(),
});
const dashboardSchema = z.object({
  uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(36),
  templating: z.object({ list: z.array(z.object({ name: z.string(), type: z.string() }).loose()) }),
  panels: z.array(panel).min(1),
});
type Panel = z.infer<typeof panel>;

const dashboard = dashboardSchema.parse(JSON.parse(readFileSync(DASHBOARD_FILE, "utf8")));
const exprs = dashboard.panels.flatMap((p) =>
  p.targets.map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr })),
);
const panelsReading = (metric: string): Panel[] =>
  dashboard.panels.filter((p) => p.targets.some((t) => metricNamesIn(t.expr).includes(metric)));

/** Grafana macros replaced by what Grafana would send, so Prometheus' own parser can check the query. */
const asPromql = (expr: string): string =>
  expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, "1m")
    .replace(/\$job\b/g, "antifraud-scoring-http");

describe("dashboard.json", () => {
  it("declares the datasource and job variables its queries use", () => {
    const variables = dashboard.templating.list.map((v) => v.name);
    expect(variables).toEqual(expect.arrayContaining(["datasource", "job"]));
    expect(dashboard.templating.list.find((v) => v.name === "datasource")?.type).toBe("datasource");
  });

  it("has unique panel ids and panels that fit the 24-column grid without overlapping", () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const boxes = dashboard.panels.map((p) => ({ title: p.title, ...p.gridPos }));
    for (const b of boxes) expect(b.x + b.w).toBeLessThanOrEqual(24);
    const overlaps = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        .map((b) => `${a.title} / ${b.title}`),
    );
    expect(overlaps).toEqual([]);
  });

  it("queries only series the scoring service, Prometheus or a recording rule produce", async () => {
    const known = await knownSeriesNames(loadRuleFile());
    const dangling = exprs.flatMap((e) =>
      metricNamesIn(e.expr)
        .filter((name) => !known.has(name))
        .map((name) => `${e.panel} ${e.refId}: ${name}`),
    );
    expect(exprs.every((e) => metricNamesIn(e.expr).length > 0)).toBe(true);
    expect(dangling).toEqual([]);
  });

  it("has queries Prometheus can parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "antifraud-dashboard-"));
    try {
      const file = join(dir, "dashboard-queries.yaml");
      const rules = exprs.map((e, i) => ({ record: `dashboard:query:${i}`, expr: asPromql(e.expr) }));
      writeFileSync(file, stringify({ groups: [{ name: "dashboard", rules }] }));
      const result = promtool(["check", "rules", file]);
      expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shows the declined share against a threshold line at the 5% business limit", () => {
    const share = panelsReading("antifraud:decline_share:ratio_rate5m").filter(
      (p) => p.type === "timeseries",
    );
    expect(share).toHaveLength(1);
    const steps = share[0]?.fieldConfig.defaults.thresholds?.steps.map((s) => s.value);
    expect(steps).toEqual([null, 0.05]);
    expect(share[0]?.fieldConfig.defaults).toMatchObject({
      custom: { thresholdsStyle: { mode: "line+area" } },
    });
  });

  it.each([
    ["throughput by decision", "antifraud_scored_transactions_total", /by \(decision\)/],
    ["latency p99", "route:antifraud_http_request_duration_seconds:p99_rate5m", /./],
    ["latency p50", "route:antifraud_http_request_duration_seconds:p50_rate5m", /./],
    ["score distribution", "antifraud_score_bucket", /by \(le\)/],
    ["consumer lag", "antifraud_consumer_lag_messages", /./],
    ["dead-letter rate", "antifraud_dlq_messages_total", /rate\(/],
    ["model version", "antifraud_model_info", /by \(version\)/],
    ["model age", "antifraud:model_age_seconds", /./],
    ["online precision", "antifraud_quality_precision_ratio", /./],
    ["online recall", "antifraud_quality_recall_ratio", /./],
    ["online F1", "antifraud_quality_f1_ratio", /./],
    ["the recall floor", "antifraud:quality_recall:floor", /./],
    ["feature drift per feature", "antifraud_feature_psi", /by \(model_version, feature\)/],
    ["unmatched labels and scores", "antifraud_quality_unmatched_total", /by \(side, reason\)/],
  ])("has a panel for %s", (_what, metric, shape) => {
    const matching = panelsReading(metric).filter((p) => p.targets.some((t) => shape.test(t.expr)));
    expect(matching.length).toBeGreaterThan(0);
  });
});
