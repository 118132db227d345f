/**
 * The report's charts, described here and drawn by matplotlib (scripts/demo/charts/render_charts.py,
 * run with the training virtualenv that already carries it for the training report's plots).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface HistogramSeries {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

interface ChartText {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** A dashed horizontal line, e.g. the 5% decline limit. */
  readonly reference?: { readonly y: number; readonly label: string };
  readonly logY?: boolean;
}

export type Chart =
  | (ChartText & { readonly kind: "line"; readonly series: readonly LineSeries[] })
  | (ChartText & {
      readonly kind: "histogram";
      readonly series: readonly HistogramSeries[];
      readonly bins: number;
      readonly range: readonly [number, number];
    });

const RENDERER = join(__dirname, "..", "charts", "render_charts.py");

/** One SVG document per chart, in order. */
export function renderCharts(python: string, charts: readonly Chart[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [RENDERER], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) reject(new Error(`${RENDERER} exited ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out) as string[]);
    });
    child.stdin.end(JSON.stringify({ charts }));
  });
}
