/** Pure text rendering of a captured stack: resource tree, outputs with secrets masked, cost table. */
import { formatCostEstimate, formatHdfsComparison } from "../cost";
import type { CostReport } from "../config";
import type { CaptureResult, CapturedResource } from "../testing/capture";

export const SECRET_MASK = "[secret]";

/** Indented tree: every resource under its parent, siblings sorted by type then name. */
export function renderResourceTree(resources: readonly CapturedResource[]): string {
  const byParent = new Map<string, CapturedResource[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    const key = r.parent && urns.has(r.parent) ? r.parent : "";
    byParent.set(key, [...(byParent.get(key) ?? []), r]);
  }
  const lines: string[] = [];
  const visit = (parent: string, depth: number) => {
    const children = [...(byParent.get(parent) ?? [])].sort((a, b) =>
      a.type === b.type ? a.name.localeCompare(b.name) : a.type.localeCompare(b.type),
    );
    for (const r of children) {
      lines.push(`${"  ".repeat(depth)}${r.custom ? "-" : "+"} ${r.type}  ${r.name}`);
      visit(r.urn, depth + 1);
    }
  };
  visit("", 0);
  const components = resources.filter((r) => !r.custom).length;
  lines.push(
    "",
    `${resources.length} resources (${components} components, ${resources.length - components} custom resources)`,
  );
  return lines.join("\n");
}

function shorten(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return "(undefined)";
  return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

export function renderOutputs(
  outputs: Readonly<Record<string, unknown>>,
  secretOutputs: readonly string[],
): string {
  const keys = Object.keys(outputs).sort();
  const width = Math.max(...keys.map((k) => k.length));
  return keys
    .map((key) => {
      const value = secretOutputs.includes(key)
        ? SECRET_MASK
        : key === "costEstimate"
          ? "(see the cost section)"
          : shorten(outputs[key]);
      return `${key.padEnd(width)}  ${value}`;
    })
    .join("\n");
}

/** One bar per component at its maximum, so the big items stand out at a glance. */
export function renderCostBars(report: CostReport, width = 40): string {
  const peak = Math.max(...report.components.map((c) => c.max), 1);
  const nameWidth = Math.max(...report.components.map((c) => c.component.length));
  return report.components
    .map((c) => {
      const bar = "#".repeat(Math.round((c.max / peak) * width));
      return `${c.component.padEnd(nameWidth)}  ${bar.padEnd(width)}  ${Math.round(c.max).toLocaleString("en-US")}`;
    })
    .join("\n");
}

/** Table, bars, the Yandex storage vs HDFS comparison when the report has one, and the budget check. */
export function renderCost(report: CostReport): string {
  const b = report.budget;
  return [
    formatCostEstimate(report),
    "",
    `Monthly maximum per component (${report.currency}):`,
    renderCostBars(report),
    "",
    ...(report.storageVsHdfs ? [formatHdfsComparison(report.storageVsHdfs), ""] : []),
    `Budget: ${b.monthlyLimit.toLocaleString("en-US")} ${b.currency}/month; maximum estimate ` +
      `${report.total.max.toLocaleString("en-US")} -> ${b.withinBudget ? "within budget" : "OVER BUDGET"}`,
  ].join("\n");
}

/** A titled block of the plan. Sections run in order; a failing section fails the plan. */
export interface PlanSection {
  readonly title: string;
  render(result: CaptureResult): string | Promise<string>;
}

export const DEFAULT_SECTIONS: readonly PlanSection[] = [
  { title: "Resources", render: (r) => renderResourceTree(r.resources) },
  { title: "Outputs (secrets masked)", render: (r) => renderOutputs(r.outputs, r.secretOutputs) },
  { title: "Monthly cost", render: (r) => renderCost(r.outputs.costEstimate as CostReport) },
];

export async function renderPlan(result: CaptureResult, sections: readonly PlanSection[]): Promise<string> {
  const blocks: string[] = [`Offline plan of stack "${result.stack}" (Pulumi mock engine, no cloud calls)`];
  for (const section of sections) {
    blocks.push(`== ${section.title} ==\n${await section.render(result)}`);
  }
  return `${blocks.join("\n\n")}\n`;
}
