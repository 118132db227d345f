/**
 * docs/cost.md: the monthly cost of each stack, computed by the estimator from the stack's config
 * exactly as the `costEstimate` output is, plus the Object Storage vs HDFS comparison (Yandex), the
 * same stacks priced on AWS (`antifraud:cloud=aws`) and the AWS price table. Pure.
 */
import type { StackConfig } from "../config/schema";
import { costReportFromConfig, type CostReport } from "../config/cost-report";
import { AWS_PRICE_TABLE, AWS_PRICED_REGIONS, type AwsPriceRow } from "../cost";
import { renderCostBars } from "../plan/render";
import type { StackName } from "./configuration-reference";
import { GEN_DOCS_COMMAND } from "./configuration-reference";
import { code, generatedHeader, money, numericTable, table } from "./markdown";

const NUMERIC = new Set([1, 2]);

function range(min: number, max: number): string {
  return min === max ? money(min) : `${money(min)}..${money(max)}`;
}

/** The config key of the budget a report was checked against (the AWS budget is in USD). */
const budgetKey = (r: CostReport): string =>
  r.currency === "USD" ? "antifraud:aws.budget.monthlyLimit" : "antifraud:budget.monthlyLimit";

function hdfsSection(stack: StackName, report: CostReport): string[] {
  const h = report.storageVsHdfs;
  if (!h) return [];
  return [
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

function stackSection(heading: string, stack: StackName, report: CostReport): string[] {
  const b = report.budget;
  return [
    heading,
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
    `Budget: ${money(b.monthlyLimit)} ${b.currency} (\`${budgetKey(report)}\`); the maximum is ` +
      `${b.withinBudget ? "within" : "**over**"} budget.`,
    "",
    `Monthly maximum per component (${report.currency}):`,
    "",
    "```text",
    renderCostBars(report),
    "```",
    ...hdfsSection(stack, report),
  ];
}

const notesOf = (reports: readonly (readonly [StackName, CostReport])[]): string[] =>
  [...new Set(reports.flatMap(([, r]) => r.notes))].map((n) => `- ${n}`);

function checked(row: AwsPriceRow | undefined): string {
  if (!row) return "";
  return row.verified ? "yes" : "no";
}

/** One row per price id, a price and a check column per region. */
function awsPriceTableSection(): string[] {
  const t = AWS_PRICE_TABLE;
  const byRegion = AWS_PRICED_REGIONS.map((r) => new Map(t.regions[r].items.map((p) => [p.id, p])));
  const ids = [...new Set(AWS_PRICED_REGIONS.flatMap((r) => t.regions[r].items.map((p) => p.id)))];
  const rows = ids.map((id) => {
    const first = byRegion.map((m) => m.get(id)).find((p) => p !== undefined) as AwsPriceRow;
    return [
      code(id),
      first.item,
      first.unit,
      ...byRegion.map((m) => String(m.get(id)?.price ?? "")),
      byRegion.map((m) => checked(m.get(id))).join(" / "),
      first.source,
    ];
  });
  return [
    "## AWS price table",
    "",
    `\`infra/cost/aws-price-table.json\`, price table of ${t.priceTableDate}. ${t.policy}`,
    "",
    `Checked (the rows' \`verified\`, ${AWS_PRICED_REGIONS.join(" / ")}): ${t.verification}`,
    "",
    ...table(
      ["Price id", "Item", "Unit", ...AWS_PRICED_REGIONS.map((r) => `${r} USD`), "Checked", "Source"],
      rows,
    ),
  ];
}

function awsSection(configs: readonly (readonly [StackName, StackConfig])[]): string[] {
  const reports = configs
    .filter(([, c]) => c.cloud !== "aws")
    .map(([stack, c]) => [stack, costReportFromConfig({ ...c, cloud: "aws" })] as const);
  if (reports.length === 0) return awsPriceTableSection();
  const lines = [
    "## On AWS",
    "",
    "The same stack files with `antifraud:cloud=aws` (`npm run plan -- --stack <stack> --config " +
      "antifraud:cloud=aws`), priced with `infra/cost/aws-price-table.json` at each stack's `antifraud:aws.region`.",
    "",
    ...numericTable(
      ["Stack", "Region", "Monthly min", "Monthly max", "Budget", "Within budget"],
      reports.map(([stack, r]) => [
        `[${stack}](#${stack}-on-aws)`,
        code(configs.find(([s]) => s === stack)?.[1].aws.region ?? ""),
        money(r.total.min),
        money(r.total.max),
        money(r.budget.monthlyLimit),
        r.budget.withinBudget ? "yes" : "**no**",
      ]),
      new Set([2, 3, 4]),
    ),
  ];
  for (const [stack, report] of reports)
    lines.push("", ...stackSection(`### ${stack} on AWS`, stack, report));
  lines.push("", "### Notes on AWS", "", ...notesOf(reports), "", ...awsPriceTableSection());
  return lines;
}

export function renderCostReference(configs: Readonly<Record<StackName, StackConfig>>): string {
  const stacks = Object.entries(configs) as [StackName, StackConfig][];
  const reports = stacks.map(([stack, config]) => [stack, costReportFromConfig(config)] as const);
  const [first] = reports;
  if (!first) throw new Error("no stacks to price");
  const lines = [
    ...generatedHeader(
      "Monthly cost per stack",
      [
        "infra/cost (estimators, price-table.json and aws-price-table.json)",
        "Pulumi.dev.yaml",
        "Pulumi.prod.yaml",
      ],
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
  for (const [stack, report] of reports) lines.push("", ...stackSection(`## ${stack}`, stack, report));
  const notes = notesOf(reports);
  if (notes.length > 0) lines.push("", "## Notes", "", ...notes);
  lines.push("", ...awsSection(stacks));
  return `${lines.join("\n")}\n`;
}
