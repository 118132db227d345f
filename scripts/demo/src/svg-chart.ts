/** Minimal dependency-free SVG charts for the HTML report. */

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
  /** A dashed horizontal reference line, e.g. the 5% decline limit. */
  readonly reference?: { readonly y: number; readonly label: string };
  /** Log scale on y (values <= 0 are clamped to the smallest positive value). */
  readonly logY?: boolean;
}

const MARGIN = { left: 64, right: 16, top: 32, bottom: 44 };

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);
}

function niceTicks(min: number, max: number, count: number): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function formatTick(value: number): string {
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(0);
  return String(Number(value.toPrecision(4)));
}

/** Line chart of one or more series sharing both axes. */
export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 300;
  const all = series.flatMap((s) => s.points);
  const xs = all.map(([x]) => x);
  const positive = all.map(([, y]) => y).filter((y) => y > 0);
  const floor = options.logY ? Math.min(...positive, 1) : 0;
  const transformY = (y: number) => (options.logY ? Math.log10(Math.max(y, floor)) : y);
  const ys = [
    ...all.map(([, y]) => transformY(y)),
    ...(options.reference ? [transformY(options.reference.y)] : []),
  ];
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, xMin + 1);
  const yMin = options.logY ? Math.min(...ys) : Math.min(0, ...ys);
  const yMax = Math.max(...ys, yMin + 1e-9);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const py = (y: number) => MARGIN.top + plotH - ((transformY(y) - yMin) / (yMax - yMin)) * plotH;
  const pyRaw = (t: number) => MARGIN.top + plotH - ((t - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  ];
  for (const t of niceTicks(xMin, xMax, 6)) {
    parts.push(
      `<text x="${px(t)}" y="${MARGIN.top + plotH + 14}" text-anchor="middle">${formatTick(t)}</text>`,
    );
  }
  for (const t of niceTicks(yMin, yMax, 5)) {
    const label = options.logY ? formatTick(10 ** t) : formatTick(t);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${pyRaw(t)}" y2="${pyRaw(t)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 4}" y="${pyRaw(t) + 4}" text-anchor="end">${label}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );
  if (options.reference) {
    const y = py(options.reference.y);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#c00" stroke-dasharray="6 4"/>`,
      `<text x="${MARGIN.left + plotW - 4}" y="${y - 4}" text-anchor="end" fill="#c00">${escapeXml(options.reference.label)}</text>`,
    );
  }
  series.forEach((s, index) => {
    const path = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.8" points="${path}"/>`);
    const ly = MARGIN.top + 12 + index * 14;
    parts.push(
      `<rect x="${MARGIN.left + 8}" y="${ly - 8}" width="10" height="10" fill="${s.color}"/>`,
      `<text x="${MARGIN.left + 22}" y="${ly}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** Counts of `values` in `bins` equal-width bins over [min, max]; the last bin includes max. */
export function histogram(values: readonly number[], bins: number, min: number, max: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of values) {
    if (v < min || v > max) continue;
    const index = Math.min(bins - 1, Math.floor((v - min) / width));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}
