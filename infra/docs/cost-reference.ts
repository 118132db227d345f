/**
 * docs/cost.md: the monthly cost of each stack, computed by the estimator from the stack's config
 * exactly as the `costEstimate` output is, plus the Object Storage vs HDFS comparison. Pure.
 */
import type { StackConfig } from "../config/schema";
import { costReportFromConfig, type CostReport } from "../config/cost-report";
import { renderCostBars } from "../plan/render";
import type { StackName } from "./configuration-reference";
import { GEN_DOCS_COMMAND } from "./configuration-reference";
import { code, generatedHeader, money, numericTable } from "./markdown";

const NUMERIC = new Set([1, 2]);

function range(min: number, max: number): string {
  return min === max ? money(min) : `${money(min)}..${money(max)}`;
}

function stackSection(stack: StackName, report: CostReport): string[] {
  const h = report.storageVsHdfs;
  const b = report.budget;
  return [
    `## ${stack}`,
    "",
    `${report.currency} per month${report.vatIncluded ? " incl. VAT" : ""}, price table of ` +
      `${report.priceTableDate}, ${report.hoursPerMonth} h/month; min at the autoscaling floors, max at the ceilings.`,
    "",
    ...numericTable(
      ["Component", "Monthly min", "Monthly max", "Range"],
      [
        ...report.components.map((c) => [code(c.component), money(c.min), money(c.max), range(c.min, c.max)]),
        [
          "**Total**",
          `**${money(report.total.min)}**`,
          `**${money(report.total.max)}**`,
          range(report.total.min, report.total.max),
        ],
      ],
      NUMERIC,
    ),
    "",
    `Budget: ${money(b.monthlyLimit)} ${b.currency} (\`antifraud:budget.monthlyLimit\`); the maximum is ` +
      `${b.withinBudget ? "within" : "**over**"} budget.`,
    "",
    `Monthly maximum per component (${report.currency}):`,
    "",
    "```text",
    renderCostBars(report),
    "```",
    "",
    `### ${stack}: Object Storage vs HDFS`,
    "",
    `Raw plus clean data, ${h.dataVolumeGb} GB (\`antifraud:storage.volumesGb\`), per month:`,
    "",
    ...numericTable(
      ["Where", "Stored GB", `${h.currency} per GB-month`, "Monthly"],
      [
        [
          `Object Storage ${h.objectStorage.storageClass}`,
          String(h.dataVolumeGb),
          String(h.objectStorage.pricePerGbMonth),
          money(h.objectStorage.monthly),
        ],
        [
          `HDFS on ${h.hdfs.diskType}, replication ${h.hdfs.replication}`,
          String(h.hdfs.diskGb),
          String(h.hdfs.pricePerGbMonth),
          money(h.hdfs.monthly),
        ],
      ],
      new Set([1, 2, 3]),
    ),
    "",
    `HDFS costs ${h.ratio} times Object Storage; cheaper: ${h.cheaper === "objectStorage" ? "Object Storage" : "HDFS"}. ` +
      `Left out: ${h.assumptions.join("; ")}.`,
  ];
}

export function renderCostReference(configs: Readonly<Record<StackName, StackConfig>>): string {
  const reports = Object.entries(configs).map(
    ([stack, config]) => [stack as StackName, costReportFromConfig(config)] as const,
  );
  const [first] = reports;
  if (!first) throw new Error("no stacks to price");
  const notes = [...new Set(reports.flatMap(([, r]) => r.notes))];
  const lines = [
    ...generatedHeader(
      "Monthly cost per stack",
      ["infra/cost (estimator and price-table.json)", "Pulumi.dev.yaml", "Pulumi.prod.yaml"],
      GEN_DOCS_COMMAND,
    ),
    "",
    "The same figures as the `costEstimate` stack output and `npm run plan -- --stack <stack>`: the sizes " +
      "in each stack file priced with `infra/cost/price-table.json` " +
      `(${first[1].currency}${first[1].vatIncluded ? " incl. VAT" : ""}, price table of ${first[1].priceTableDate}).`,
    "",
    ...numericTable(
      ["Stack", "Monthly min", "Monthly max", "Budget", "Within budget"],
      reports.map(([stack, r]) => [
        `[${stack}](#${stack})`,
        money(r.total.min),
        money(r.total.max),
        money(r.budget.monthlyLimit),
        r.budget.withinBudget ? "yes" : "**no**",
      ]),
      new Set([1, 2, 3]),
    ),
  ];
  for (const [stack, report] of reports) lines.push("", ...stackSection(stack, report));
  if (notes.length > 0) lines.push("", "## Notes", "", ...notes.map((n) => `- ${n}`));
  return `${lines.join("\n")}\n`;
}
