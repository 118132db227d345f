/**
 * docs/configuration.md from the zod stack schema (through its JSON Schema: type, range, pattern,
 * description) and the values of each stack file. Pure: the caller reads the files.
 */
import { z } from "zod";
import { configKey } from "../config/problems";
import { SECRET_SETTINGS } from "../config/read";
import { stackConfigSchema } from "../config/schema";
import { code, generatedHeader, table } from "./markdown";

export const GEN_DOCS_COMMAND = "npm run gen:docs";

/** The part of JSON Schema that `z.toJSONSchema` emits for this schema. */
export interface JsonSchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchemaNode;
  readonly enum?: readonly (string | number)[];
  readonly const?: string | number | boolean;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minItems?: number;
  readonly default?: unknown;
}

/** What one stack file holds: decoded settings (`kafka` -> object, `yandex` -> provider keys) and encrypted keys. */
export interface StackValues {
  readonly raw: Readonly<Record<string, unknown>>;
  /** Full keys stored encrypted (`secure:`) in the stack file. */
  readonly encryptedKeys: readonly string[];
}

export interface ConfigRow {
  readonly path: readonly string[];
  readonly type: string;
  readonly allowed: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description: string;
}

const UNBOUNDED = Number.MAX_SAFE_INTEGER;

const literal = (v: unknown) => code(typeof v === "string" ? v : JSON.stringify(v));

/** Type name and allowed values of a leaf, in words. */
export function describeLeaf(node: JsonSchemaNode): { type: string; allowed: string } {
  if (node.anyOf && node.anyOf.every((n) => n.const !== undefined)) {
    const type = node.anyOf[0]?.type === "number" ? "integer" : (node.anyOf[0]?.type ?? "value");
    return { type, allowed: `one of ${node.anyOf.map((n) => literal(n.const)).join(", ")}` };
  }
  if (node.type === "array" && node.items) {
    const item = describeLeaf(node.items);
    const atLeast = node.minItems ? `, at least ${node.minItems}` : "";
    return { type: `list of ${item.type}`, allowed: `each ${item.allowed}${atLeast}` };
  }
  if (node.const !== undefined) return { type: node.type ?? "value", allowed: literal(node.const) };
  if (node.enum)
    return { type: node.type ?? "value", allowed: `one of ${node.enum.map(literal).join(", ")}` };
  if (node.pattern) return { type: node.type ?? "string", allowed: `matches ${code(node.pattern)}` };
  if (node.type === "integer" || node.type === "number") {
    const min = node.minimum;
    const max = node.maximum !== undefined && node.maximum < UNBOUNDED ? node.maximum : undefined;
    const allowed =
      min !== undefined && max !== undefined
        ? `${min} to ${max}`
        : min !== undefined
          ? `>= ${min}`
          : node.exclusiveMinimum !== undefined
            ? `> ${node.exclusiveMinimum}`
            : "any";
    return { type: node.type, allowed };
  }
  if (node.type === "boolean") return { type: "boolean", allowed: "`true` or `false`" };
  throw new Error(`no description for schema node ${JSON.stringify(node)}`);
}

/** One row per leaf setting, depth first in schema order; objects are sections, not rows. */
export function configRows(node: JsonSchemaNode, path: readonly string[] = []): ConfigRow[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const at = [...path, key];
    if (child.type === "object" && child.properties) return configRows(child, at);
    if (!child.description) throw new Error(`${configKey(at)} has no description in the schema`);
    return [
      {
        path: at,
        ...describeLeaf(child),
        required: node.required?.includes(key) ?? false,
        ...(child.default !== undefined ? { default: child.default } : {}),
        description: child.description,
      },
    ];
  });
}

export function stackJsonSchema(): JsonSchemaNode {
  return z.toJSONSchema(stackConfigSchema) as JsonSchemaNode;
}

function valueAt(raw: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
    raw,
  );
}

function shownValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  return code(typeof value === "string" ? value : JSON.stringify(value));
}

function defaultOf(row: ConfigRow): string {
  if (row.default !== undefined) return shownValue(row.default);
  return row.required ? "none (required)" : "none (optional)";
}

export type StackName = "dev" | "prod";

export function renderConfigurationReference(stacks: Readonly<Record<StackName, StackValues>>): string {
  const schema = stackJsonSchema();
  const rows = configRows(schema);
  const sections = Object.entries(schema.properties ?? {});
  // The provider's settings live in their own namespace; every other group is `antifraud:<group>`.
  const title = (key: string) => (key === "yandex" ? "yandex" : configKey([key]));
  const lines = [
    ...generatedHeader(
      "Stack configuration reference",
      ["infra/config/schema.ts", "infra/config/read.ts", "Pulumi.dev.yaml", "Pulumi.prod.yaml"],
      GEN_DOCS_COMMAND,
    ),
    "",
    `Every setting of the \`antifraud\` stacks: ${rows.length} settings in ${sections.length} groups, ` +
      `plus ${Object.keys(SECRET_SETTINGS).length} secrets. The program validates all of them once at start ` +
      "(`infra/config/schema.ts`, then the cross-field rules in `infra/config/rules.ts`) and names the key, " +
      "the bad value and the fix. Set one with `pulumi config set --path '<key>' <value>`; the dev and prod " +
      "columns show what `Pulumi.dev.yaml` and `Pulumi.prod.yaml` hold.",
    "",
    ...table(
      ["Group", "What it configures", "Settings"],
      sections.map(([key, node]) => [
        `[${title(key)}](#${anchor(title(key))})`,
        node.description ?? "",
        String(rows.filter((r) => r.path[0] === key).length),
      ]),
    ),
  ];
  for (const [key, node] of sections) {
    lines.push("", `## ${title(key)}`, "");
    if (node.type === "object") lines.push(node.description ?? "", "");
    lines.push(
      ...table(
        ["Key", "Type", "Allowed", "Default", "dev", "prod", "Description"],
        rows
          .filter((r) => r.path[0] === key)
          .map((r) => [
            code(configKey(r.path)),
            r.type,
            r.allowed,
            defaultOf(r),
            shownValue(valueAt(stacks.dev.raw, r.path)),
            shownValue(valueAt(stacks.prod.raw, r.path)),
            r.description,
          ]),
      ),
    );
  }
  lines.push(
    "",
    "## Secrets",
    "",
    "Never in clear text in the stack files: `pulumi config set --secret <key> <value>` stores them " +
      "encrypted. The program refuses to start without them and never prints their values.",
    "",
    ...table(
      ["Key", "Type", "Allowed", "dev", "prod"],
      Object.entries(SECRET_SETTINGS).map(([name, setting]) => {
        const key = `antifraud:${name}`;
        const state = (stack: StackName) =>
          stacks[stack].encryptedKeys.includes(key)
            ? "set (encrypted)"
            : `not in Pulumi.${stack}.yaml: \`pulumi config set --secret ${key} ...\``;
        return [code(key), "string (secret)", setting.describe, state("dev"), state("prod")];
      }),
    ),
  );
  return `${lines.join("\n")}\n`;
}

/** GitHub's heading anchor: lower case, punctuation other than - and _ dropped, spaces to -. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}
