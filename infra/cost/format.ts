import type { CostEstimate } from "./estimate";
import type { HdfsComparison } from "./hdfs";

const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const qty = (x: number): string => x.toLocaleString("en-US", { maximumFractionDigits: 3 });

const range = (min: string, max: string): string => (min === max ? min : `${min}..${max}`);

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number>,
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(render)];
}

/** Text table of a cost estimate: one row per priced line, a subtotal per component and the total. */
export function formatCostEstimate(estimate: CostEstimate): string {
  const rows: string[][] = [];
  for (const c of estimate.components) {
    for (const l of c.lines) {
      rows.push([
        c.component,
        l.item,
        range(qty(l.quantity.min), qty(l.quantity.max)),
        l.unit,
        String(l.unitPrice),
        money(l.monthly.min),
        money(l.monthly.max),
      ]);
    }
    rows.push([c.component, "subtotal", "", "", "", money(c.min), money(c.max)]);
  }
  rows.push(["TOTAL", "", "", "", "", money(estimate.total.min), money(estimate.total.max)]);
  const header = ["component", "item", "quantity", "unit", "unit price", "monthly min", "monthly max"];
  const lines = [
    `Monthly cost estimate, ${estimate.currency}${estimate.vatIncluded ? " incl. VAT" : ""}; ` +
      `price table of ${estimate.priceTableDate}; ${estimate.hoursPerMonth} h/month; min/max = autoscaling bounds`,
    ...table(header, rows, new Set([2, 4, 5, 6])),
  ];
  if (estimate.notes.length) lines.push("Notes:", ...estimate.notes.map((n) => `  - ${n}`));
  return lines.join("\n");
}

export function formatHdfsComparison(c: HdfsComparison): string {
  return [
    `Storage of ${qty(c.dataVolumeGb)} GB per month (${c.currency}):`,
    `  Object Storage ${c.objectStorage.storageClass}: ${qty(c.dataVolumeGb)} GB x ${c.objectStorage.pricePerGbMonth} = ` +
      money(c.objectStorage.monthly),
    `  HDFS on ${c.hdfs.diskType}, replication ${c.hdfs.replication}: ${qty(c.hdfs.diskGb)} GB x ` +
      `${qty(c.hdfs.pricePerGbMonth)} = ${money(c.hdfs.monthly)}`,
    `  HDFS / Object Storage = ${c.ratio}; cheaper: ${c.cheaper}`,
    ...c.assumptions.map((a) => `  (${a})`),
  ].join("\n");
}
