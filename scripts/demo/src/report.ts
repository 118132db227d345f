import type { AlertState } from "./alerts";
import type { HttpLoadResult } from "./http-load";
import type { ConsumerQuality } from "./consumer-quality";
import type { OnlineQuality } from "./online-quality";
import type { StreamSample } from "./stream-period";
import type { Chart } from "./charts";
import type { DayTwoReport } from "./day-two";

export const DECLINE_LIMIT = 0.05;

export interface DemoReport {
  readonly startedAt: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly timings: Readonly<Record<string, number>>;
  readonly simulation: { readonly transactions: number; readonly frauds: number; readonly days: number };
  readonly model: {
    readonly version: string;
    readonly threshold: number;
    readonly manifest: Readonly<Record<string, unknown>>;
    readonly reportPath: string;
  };
  readonly stream: {
    readonly sent: number;
    readonly producerRate: number;
    readonly ackP50Ms: number | undefined;
    readonly ackP99Ms: number | undefined;
    readonly endToEndSeconds: number;
    readonly scoredPerSecond: number;
    readonly dlq: number;
    readonly duplicateScores: number;
    readonly samples: readonly StreamSample[];
  };
  readonly quality: OnlineQuality;
  /** The same quality as the deployed `quality` consumer exports it (its /metrics). */
  readonly consumerQuality: ConsumerQuality;
  readonly scoresByClass: { readonly fraud: readonly number[]; readonly legitimate: readonly number[] };
  readonly http: HttpLoadResult | null;
  readonly alerts: readonly AlertState[];
  /** The scheduled DAG runs of the second day (null with --day-two off). */
  readonly dayTwo: DayTwoReport | null;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : "n/a");
const num = (x: number | undefined, digits = 3) =>
  x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
const esc = (s: string) => s.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c] ?? c);

/** An SVG document as an inline element: its XML declaration and doctype dropped. */
const inlineSvg = (svg: string) => svg.slice(svg.indexOf("<svg"));

function table(rows: readonly (readonly [string, string])[]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table>`;
}

/** The lines printed at the end of the run: what a person checks first. */
export function summaryLines(r: DemoReport): string[] {
  const withinLimit = r.quality.declinedShare < DECLINE_LIMIT;
  return [
    `model ${r.model.version} (threshold ${num(r.model.threshold, 4)})`,
    `streamed ${r.stream.sent.toLocaleString()} transactions: ${r.quality.scored.toLocaleString()} scored, ${r.stream.dlq} dead-lettered, ${r.stream.duplicateScores} duplicate scores`,
    `stream throughput ${Math.round(r.stream.scoredPerSecond).toLocaleString()} tx/s end to end (producer ${Math.round(r.stream.producerRate).toLocaleString()} msg/s, ack p99 ${num(r.stream.ackP99Ms, 1)} ms)`,
    `online quality: precision ${num(r.quality.precision)}, recall ${num(r.quality.recall)}, F1 ${num(r.quality.f1)} on ${r.quality.labelled.toLocaleString()} labelled (${r.quality.frauds} frauds)`,
    `quality consumer: precision ${num(r.consumerQuality.precision)}, recall ${num(r.consumerQuality.recall)}, F1 ${num(r.consumerQuality.f1)} on ${r.consumerQuality.joined.toLocaleString()} joined`,
    `declined share ${pct(r.quality.declinedShare)} ${withinLimit ? "<" : ">="} ${pct(DECLINE_LIMIT)} limit: ${withinLimit ? "OK" : "OVER THE LIMIT"} (legitimate declined ${pct(r.quality.legitimateDeclinedShare)})`,
    r.http
      ? `HTTP /v1/score: ${Math.round(r.http.requestsPerSecond).toLocaleString()} req/s, p50 ${r.http.latencyP50Ms} ms, p99 ${r.http.latencyP99Ms} ms, ${r.http.non2xx} non-2xx`
      : "HTTP load skipped",
    `alerts: ${
      r.alerts
        .filter((a) => a.state === "firing")
        .map((a) => a.name)
        .join(", ") || "none firing"
    } (${r.alerts.length} rules loaded)`,
    ...(r.dayTwo ? dayTwoLines(r.dayTwo) : []),
  ];
}

function dayTwoLines(d: DayTwoReport): string[] {
  const runs = d.dagRuns.map((run) => `${run.dagId} ${run.state} in ${run.seconds.toFixed(0)} s`).join(", ");
  const swaps = d.snapshot
    .map((s) => `${s.process} ${s.asOfBefore} -> ${s.asOfAfter}${s.sameProcess ? "" : " (restarted)"}`)
    .join(", ");
  const r = d.retrain;
  return [
    `day 2 (${d.day}): ${runs}`,
    `terminal snapshot swapped in without a restart: ${swaps}`,
    `retrain: challenger ${r.version} against champion ${r.champion ?? "none"} -> ${r.promoted ? "promoted" : "champion kept"} (${r.reason}); MLflow run ${r.mlflowRunId}`,
  ];
}

function dayTwoSection(d: DayTwoReport): string {
  const r = d.retrain;
  const metric = (name: string) => num(r.metrics[name], 4);
  return `<h2>Day 2: the scheduled DAGs for ${esc(d.day)} (Airflow, local runner)</h2>
<table><tr><th>DAG</th><th>logical date</th><th>state</th><th>tasks</th><th>duration</th><th>log</th></tr>${d.dagRuns
    .map(
      (run) =>
        `<tr><td>${esc(run.dagId)}</td><td>${esc(run.logicalDate)}</td><td class="${run.state === "success" ? "ok" : "bad"}">${esc(run.state)}</td><td>${esc(
          Object.entries(run.tasks)
            .map(([task, state]) => `${task}: ${state}`)
            .join(", "),
        )}</td><td>${run.seconds.toFixed(1)} s</td><td>${esc(run.logFile)}</td></tr>`,
    )
    .join("")}</table>
${table([
  [
    "raw rows read / valid / rejected",
    `${d.dataQuality.rowsRead.toLocaleString()} / ${d.dataQuality.rowsValid.toLocaleString()} / ${d.dataQuality.rowsRejected.toLocaleString()}`,
  ],
  ...d.snapshot.map(
    (s) =>
      [
        `terminal snapshot in ${s.process}`,
        `${s.asOfBefore ?? "none"} -> ${s.asOfAfter ?? "none"}, ${s.seconds === undefined ? "not seen" : `seen ${s.seconds.toFixed(1)} s after latest.json moved`}, ${s.sameProcess ? "same process (no restart)" : "RESTARTED"}`,
      ] as const,
  ),
  ["challenger", r.version],
  ["champion compared", r.champion ?? "none"],
  ["decision", r.reason],
  [
    "challenger AUC / AP / CP@100 (its test week)",
    `${metric("auc_roc")} / ${metric("average_precision")} / ${metric("card_precision_at_100")}`,
  ],
  ["MLflow run", r.mlflowRunId],
])}
<p>MLflow run: <a href="${esc(r.mlflowRunUrl)}">${esc(r.mlflowRunUrl)}</a> (the server stops with the demo; its sqlite database and artifacts stay in the demo's <code>mlflow/</code> folder).</p>
`;
}

/** The report's plots: progress, declined share against the limit, online scores by class. */
export function reportCharts(r: DemoReport): Chart[] {
  return [
    {
      kind: "line",
      title: "Stream worker progress",
      xLabel: "seconds since the first transaction was sent",
      yLabel: "transactions scored",
      series: [
        {
          name: "scored (cumulative)",
          color: "#06c",
          points: r.stream.samples.map((s) => [s.t, s.scored] as const),
        },
      ],
    },
    {
      kind: "line",
      title: "Declined share against the 5% limit",
      xLabel: "seconds",
      yLabel: "share declined",
      reference: { y: DECLINE_LIMIT, label: "5% limit" },
      series: [
        {
          name: "declined share (cumulative)",
          color: "#e60",
          points: r.stream.samples
            .filter((s) => s.scored > 0)
            .map((s) => [s.t, s.declined / s.scored] as const),
        },
      ],
    },
    {
      kind: "histogram",
      title: "Online scores by class (delayed labels)",
      xLabel: "score",
      yLabel: "transactions (log)",
      logY: true,
      bins: 20,
      range: [0, 1],
      series: [
        {
          name: `legitimate (${r.scoresByClass.legitimate.length})`,
          color: "#393",
          values: r.scoresByClass.legitimate,
        },
        { name: `fraud (${r.scoresByClass.fraud.length})`, color: "#c00", values: r.scoresByClass.fraud },
      ],
    },
  ];
}

/** Self-contained HTML report; `plots` are the SVGs of reportCharts(r), inlined. */
export function renderReport(r: DemoReport, plots: readonly string[]): string {
  const metrics = Object.entries((r.model.manifest["metrics"] ?? {}) as Record<string, unknown>)
    .filter(([, v]) => typeof v === "number")
    .map(([k, v]) => [k, num(v as number, 4)] as const);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Antifraud platform: local run ${esc(r.startedAt)}</title>
<style>body{font-family:sans-serif;max-width:1180px;margin:24px auto;color:#222}table{border-collapse:collapse;margin:8px 0 16px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f4f4f4;font-weight:normal}.ok{color:#080}.bad{color:#c00}
.plots{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>
<h1>Antifraud platform: local run</h1>
<p>Started ${esc(r.startedAt)}. ${summaryLines(r).map(esc).join("<br>")}</p>
<h2>Run</h2>${table(Object.entries(r.options).map(([k, v]) => [k, String(v)] as const))}
${table(Object.entries(r.timings).map(([k, v]) => [`time ${k}`, `${v.toFixed(1)} s`] as const))}
<h2>Simulation</h2>${table([
    ["days", String(r.simulation.days)],
    ["transactions", r.simulation.transactions.toLocaleString()],
    ["frauds", r.simulation.frauds.toLocaleString()],
  ])}
<h2>Model (offline evaluation on the handbook protocol)</h2>${table([["version", r.model.version], ["threshold", num(r.model.threshold, 4)], ...metrics])}
<p>Training report: <a href="${esc(r.model.reportPath)}">${esc(r.model.reportPath)}</a></p>
<h2>Streaming (days after the training data)</h2>${table([
    ["transactions sent and acknowledged", r.stream.sent.toLocaleString()],
    ["producer rate", `${Math.round(r.stream.producerRate).toLocaleString()} msg/s`],
    ["ack latency p50 / p99", `${num(r.stream.ackP50Ms, 1)} / ${num(r.stream.ackP99Ms, 1)} ms`],
    ["end to end (sent -> all scored)", `${r.stream.endToEndSeconds.toFixed(1)} s`],
    ["stream throughput", `${Math.round(r.stream.scoredPerSecond).toLocaleString()} tx/s`],
    ["dead-lettered", String(r.stream.dlq)],
    ["duplicate scores (exactly-once check)", String(r.stream.duplicateScores)],
  ])}
<h2>Online quality (scores joined with delayed labels)</h2>${table([
    ["precision", num(r.quality.precision)],
    ["recall", num(r.quality.recall)],
    ["F1", num(r.quality.f1)],
    ["declined share (limit 5%)", pct(r.quality.declinedShare)],
    [
      "quality consumer (precision / recall / F1, joined)",
      `${num(r.consumerQuality.precision)} / ${num(r.consumerQuality.recall)} / ${num(r.consumerQuality.f1)}, ${r.consumerQuality.joined.toLocaleString()}`,
    ],
    ["legitimate declined", pct(r.quality.legitimateDeclinedShare)],
    [
      "TP / FP / FN / TN",
      `${r.quality.truePositives} / ${r.quality.falsePositives} / ${r.quality.falseNegatives} / ${r.quality.trueNegatives}`,
    ],
  ])}
<p class="${r.quality.declinedShare < DECLINE_LIMIT ? "ok" : "bad"}">Business limit: declined share ${pct(r.quality.declinedShare)} ${r.quality.declinedShare < DECLINE_LIMIT ? "is under" : "is OVER"} 5%.</p>
<h2>HTTP API</h2>${
    r.http
      ? table([
          [
            "load",
            `${r.http.connections} connections for ${r.http.seconds} s, single-transaction POST /v1/score`,
          ],
          ["requests", r.http.requests.toLocaleString()],
          ["requests/s", Math.round(r.http.requestsPerSecond).toLocaleString()],
          ["latency p50 / p99", `${r.http.latencyP50Ms} / ${r.http.latencyP99Ms} ms`],
          ["non-2xx / errors", `${r.http.non2xx} / ${r.http.errors}`],
        ])
      : "<p>skipped (--http-seconds 0)</p>"
  }
<h2>Alerts (local Prometheus, rules from infra/monitoring/alert-rules.yaml)</h2>
<table><tr><th>alert</th><th>severity</th><th>state</th></tr>${r.alerts
    .map(
      (a) =>
        `<tr><td>${esc(a.name)}</td><td>${esc(a.severity)}</td><td class="${a.state === "firing" ? "bad" : "ok"}">${a.state}</td></tr>`,
    )
    .join("")}</table>
${r.dayTwo ? dayTwoSection(r.dayTwo) : ""}
<h2>Plots</h2><div class="plots">${plots.map(inlineSvg).join("")}</div>
</body></html>
`;
}
