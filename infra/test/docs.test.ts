import { readFileSync } from "node:fs";
import * as path from "node:path";
import { configKey, costReportFromConfig, SECRET_SETTINGS } from "../config";
import {
  anchor,
  configRows,
  describeLeaf,
  renderConfigurationReference,
  stackJsonSchema,
  type JsonSchemaNode,
  type StackValues,
} from "../docs/configuration-reference";
import { generatedDocs } from "../docs/generated-docs";
import { money } from "../docs/markdown";
import { OFFLINE_SECRET_CONFIG } from "../testing/capture";
import { REPO_ROOT } from "../testing/stack-files";
import { clone, configOf, rawConfigOf } from "./helpers";

const docs = generatedDocs();
const committed = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");
const docText = (name: string) => committed(path.join("docs", name));

describe.each(docs.map((d) => [d.file, d.content] as const))("%s", (file, fresh) => {
  it("matches a fresh generation (no drift)", () => {
    if (committed(file) !== fresh) {
      throw new Error(`${file} is out of date with its sources; run: npm run gen:docs`);
    }
  });

  it("is marked generated with the command that regenerates it", () => {
    const [marker] = committed(file).split("\n");
    expect(marker).toMatch(/^<!-- GENERATED FILE - DO NOT EDIT\. .*Regenerate with: npm run gen:docs -->$/);
  });

  it("carries no secret value", () => {
    for (const value of Object.values(OFFLINE_SECRET_CONFIG)) expect(committed(file)).not.toContain(value);
  });
});

/** Leaf paths of a parsed config object; lists are leaves. */
function leafPaths(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [at];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...at, k]));
}

describe("docs/configuration.md", () => {
  const text = docText("configuration.md");
  const rowOf = (key: string) => text.split("\n").filter((l) => l.startsWith(`| \`${key}\` |`));

  it("has one row per setting the program reads, with that stack's dev and prod values", () => {
    const dev = configOf("dev");
    const prod = configOf("prod");
    const paths = leafPaths(dev);
    expect(paths.length).toBeGreaterThan(90);
    const show = (v: unknown) => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
    const valueAt = (config: unknown, p: string[]) =>
      p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], config);
    for (const p of paths) {
      const rows = rowOf(configKey(p));
      expect({ key: configKey(p), rows: rows.length }).toEqual({ key: configKey(p), rows: 1 });
      const cells = (rows[0] as string).split(" | ");
      expect([cells[4], cells[5]]).toEqual([show(valueAt(dev, p)), show(valueAt(prod, p))]);
    }
    expect(text.split("\n").filter((l) => /^\| `(antifraud|yandex):/.test(l))).toHaveLength(
      paths.length + Object.keys(SECRET_SETTINGS).length,
    );
  });

  it("lists every secret without a value", () => {
    for (const name of Object.keys(SECRET_SETTINGS)) {
      expect(rowOf(`antifraud:${name}`)).toEqual([
        expect.stringContaining("| not in Pulumi.dev.yaml: `pulumi config set --secret"),
      ]);
    }
    expect(text).not.toContain("registryToken");
  });

  it("links every group to its heading", () => {
    for (const [, target] of text.matchAll(/\]\(#([^)]+)\)/g)) {
      const headings = text
        .split("\n")
        .filter((l) => l.startsWith("## "))
        .map((l) => anchor(l.slice(3)));
      expect(headings).toContain(target);
    }
  });

  it("shows what the stack file holds: a changed setting changes the document", () => {
    const values = (raw: Record<string, unknown>): StackValues => ({ raw, encryptedKeys: [] });
    const prod = rawConfigOf("prod");
    const changed = clone(prod) as { kafka: { diskGb: number } };
    changed.kafka.diskGb = 777;
    const before = renderConfigurationReference({ dev: values(rawConfigOf("dev")), prod: values(prod) });
    const after = renderConfigurationReference({ dev: values(rawConfigOf("dev")), prod: values(changed) });
    expect(before).not.toContain("`777`");
    expect(after.split("\n").filter((l) => l.startsWith("| `antifraud:kafka.diskGb` |"))).toEqual([
      expect.stringContaining("| `32` | `777` |"),
    ]);
  });
});

describe("schema rows", () => {
  it.each<[string, JsonSchemaNode, { type: string; allowed: string }]>([
    [
      "bounded integer",
      { type: "integer", minimum: 16, maximum: 28 },
      { type: "integer", allowed: "16 to 28" },
    ],
    [
      "integer without an upper bound",
      { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      { type: "integer", allowed: ">= 1" },
    ],
    ["positive number", { type: "number", exclusiveMinimum: 0 }, { type: "number", allowed: "> 0" }],
    ["pattern", { type: "string", pattern: "^a|b$" }, { type: "string", allowed: "matches `^a|b$`" }],
    [
      "enum",
      { type: "string", enum: ["zonal", "regional"] },
      { type: "string", allowed: "one of `zonal`, `regional`" },
    ],
    ["constant", { type: "string", const: "RUB" }, { type: "string", allowed: "`RUB`" }],
    [
      "numeric literals",
      {
        anyOf: [
          { type: "number", const: 20 },
          { type: "number", const: 50 },
        ],
      },
      { type: "integer", allowed: "one of `20`, `50`" },
    ],
    [
      "list",
      { type: "array", items: { type: "string", enum: ["a"] }, minItems: 1 },
      { type: "list of string", allowed: "each one of `a`, at least 1" },
    ],
    ["boolean", { type: "boolean" }, { type: "boolean", allowed: "`true` or `false`" }],
  ])("%s", (_case, node, expected) => expect(describeLeaf(node)).toEqual(expected));

  it("refuses a setting without a description", () => {
    const schema: JsonSchemaNode = {
      type: "object",
      properties: { kafka: { type: "object", properties: { diskGb: { type: "integer" } } } },
    };
    expect(() => configRows(schema)).toThrow("antifraud:kafka.diskGb has no description in the schema");
  });

  it("describes every setting of the real schema", () => {
    const rows = configRows(stackJsonSchema());
    expect(rows.filter((r) => r.description.length < 10)).toEqual([]);
    expect(rows.every((r) => r.required)).toBe(true);
  });
});

describe("docs/cost.md", () => {
  const text = docText("cost.md");

  it.each(["dev", "prod"] as const)("shows the %s estimate the program outputs", (stack) => {
    const report = costReportFromConfig(configOf(stack));
    expect(text).toContain(
      `| [${stack}](#${stack}) | ${money(report.total.min)} | ${money(report.total.max)} | ${money(report.budget.monthlyLimit)} |`,
    );
    for (const c of report.components) {
      expect(text).toContain(`| \`${c.component}\` | ${money(c.min)} | ${money(c.max)} |`);
    }
    expect(text).toContain(`price table of ${report.priceTableDate}`);
    const hdfs = report.storageVsHdfs?.hdfs;
    expect(text).toContain(
      `| HDFS on ${hdfs?.diskType}, replication ${hdfs?.replication} | ${hdfs?.diskGb} |`,
    );
  });
});
