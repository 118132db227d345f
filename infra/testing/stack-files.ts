/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI hands them to a program: every value as
 * a string under its full `namespace:key`, structured values as JSON text, project-level defaults
 * applied where the stack file is silent.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface ProjectFile {
  readonly name: string;
  readonly config: Record<
    string,
    { default?: unknown; value?: unknown; secret?: boolean; description?: string }
  >;
}

export function readProjectFile(root = REPO_ROOT): ProjectFile {
  const doc = parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as Partial<ProjectFile> & {
    name?: unknown;
  };
  if (typeof doc.name !== "string") throw new Error("Pulumi.yaml has no project name");
  return { name: doc.name, config: doc.config ?? {} };
}

export function encodeConfigValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function isEncryptedSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && "secure" in value;
}

/**
 * Config of one stack as `{"antifraud:kafka": "{...json...}", "yandex:folderId": "..."}`.
 * Encrypted (`secure:`) values cannot be read without the CLI and are reported in `encryptedKeys`.
 */
export function readStackConfigFile(
  stack: string,
  root = REPO_ROOT,
): { config: Record<string, string>; encryptedKeys: string[] } {
  const project = readProjectFile(root);
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  const encryptedKeys: string[] = [];
  for (const [key, declaration] of Object.entries(project.config)) {
    const fallback = declaration.value ?? declaration.default;
    if (fallback !== undefined)
      config[key.includes(":") ? key : `${project.name}:${key}`] = encodeConfigValue(fallback);
  }
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (isEncryptedSecret(value)) encryptedKeys.push(key);
    else config[key] = encodeConfigValue(value);
  }
  return { config, encryptedKeys };
}
