import type { PackageSchema, SchemaProperty } from "./schema-model";
import { findResourceByToken, loadSchema, resolveRef } from "./schema-model";

/** Placeholder the Pulumi SDK sends for values not known yet (preview); it may stand for any type. */
const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Wire form of a secret as the mock engine hands inputs over: {[SIG_KEY]: SECRET_SIG, value}. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

let defaultSchema: PackageSchema | undefined;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  return typeof v;
}

function unwrapSecret(v: unknown): unknown {
  return isPlainObject(v) && v[SIG_KEY] === SECRET_SIG ? v.value : v;
}

function checkValue(
  schema: PackageSchema,
  p: SchemaProperty,
  wire: unknown,
  at: string,
  out: string[],
): void {
  const value = unwrapSecret(wire);
  if (value === UNKNOWN_SENTINEL) return;
  if (p.$ref) {
    if (!isPlainObject(value)) {
      out.push(`'${at}' must be an object, got ${describe(value)}`);
      return;
    }
    const type = resolveRef(schema, p.$ref);
    checkObject(schema, type.properties ?? {}, type.required ?? [], value, `${at}.`, out);
    return;
  }
  switch (p.type) {
    case "array":
      if (!Array.isArray(value)) {
        out.push(`'${at}' must be an array, got ${describe(value)}`);
        return;
      }
      value.forEach((item, i) => {
        if (p.items && !isAbsent(item)) checkValue(schema, p.items, item, `${at}[${i}]`, out);
      });
      return;
    case "object":
      if (!isPlainObject(value)) {
        out.push(`'${at}' must be a map, got ${describe(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        if (p.additionalProperties && !isAbsent(v))
          checkValue(schema, p.additionalProperties, v, `${at}.${k}`, out);
      }
      return;
    case "integer":
      if (!Number.isInteger(value)) out.push(`'${at}' must be an integer, got ${JSON.stringify(value)}`);
      return;
    case "number":
      if (typeof value !== "number") out.push(`'${at}' must be a number, got ${describe(value)}`);
      return;
    case "string":
    case "boolean":
      if (typeof value !== p.type) out.push(`'${at}' must be a ${p.type}, got ${describe(value)}`);
      return;
    default:
      out.push(`'${at}' has no usable type in the schema`);
  }
}

function checkObject(
  schema: PackageSchema,
  props: Readonly<Record<string, SchemaProperty>>,
  required: readonly string[],
  value: Record<string, unknown>,
  prefix: string,
  out: string[],
): void {
  for (const name of required) {
    if (isAbsent(unwrapSecret(value[name]))) out.push(`missing required input '${prefix}${name}'`);
  }
  for (const [name, v] of Object.entries(value)) {
    if (isAbsent(unwrapSecret(v))) continue;
    const p = props[name];
    if (p) checkValue(schema, p, v, `${prefix}${name}`, out);
    else out.push(`unknown input property '${prefix}${name}'`);
  }
}

/**
 * Pure check of one resource's inputs (as captured by the mock engine) against the committed schema.
 * Returns every problem found: unknown resource token, unknown input property at any depth, missing
 * required input (top level and inside nested objects), and values of the wrong JSON type. Secrets in the
 * engine's wire form are checked by their value. Empty = valid.
 */
export function validateInputsAgainstSchema(
  token: string,
  inputs: Readonly<Record<string, unknown>>,
  schema: PackageSchema = (defaultSchema ??= loadSchema()),
): string[] {
  const resource = findResourceByToken(schema, token);
  if (!resource) return [`unknown resource token '${token}'`];
  const problems: string[] = [];
  const top = unwrapSecret(inputs);
  if (!isPlainObject(top)) return [`inputs must be an object, got ${describe(top)}`];
  checkObject(schema, resource.inputProperties, resource.requiredInputs, top, "", problems);
  return problems;
}
