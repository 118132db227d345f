/**
 * Pure check of one resource's inputs, as the mock engine captured them, against the provider's own
 * schema (through the model): unknown properties, wrong value types, missing required arguments and
 * blocks, block cardinality (min/max items, a single block given as a list or the reverse), values
 * set on computed-only attributes, deprecated arguments, and sensitive arguments not passed as secrets.
 */
import type { Property, ResourceModel, Shape } from "./model";
import { committedModel, modelByToken } from "./model";

/** Placeholder the Pulumi SDK sends for values not known yet (preview); it may stand for any type. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CapturedInputs {
  readonly type: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Dotted paths (`config.password`, `users[0].password`) of inputs that were secret. */
  readonly secretInputPaths: readonly string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  return /^[aeiou]/.test(typeof v) ? `an ${typeof v}` : `a ${typeof v}`;
}

interface Context {
  readonly secrets: readonly string[];
  readonly out: string[];
}

/** A path is secret when it or an enclosing value was passed as a secret. */
function isSecretAt(path: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => s === "" || path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));
}

function checkShape(s: Shape, value: unknown, at: string, ctx: Context): void {
  if (value === UNKNOWN_VALUE) return;
  switch (s.kind) {
    case "string":
      if (typeof value !== "string") ctx.out.push(`'${at}' must be a string, got ${describe(value)}`);
      return;
    case "number":
      if (typeof value !== "number") ctx.out.push(`'${at}' must be a number, got ${describe(value)}`);
      return;
    case "bool":
      if (typeof value !== "boolean") ctx.out.push(`'${at}' must be a boolean, got ${describe(value)}`);
      return;
    case "list":
    case "set":
      if (!Array.isArray(value)) {
        ctx.out.push(`'${at}' must be an array, got ${describe(value)}`);
        return;
      }
      value.forEach((item, i) => {
        if (isAbsent(item)) ctx.out.push(`'${at}[${i}]' is empty`);
        else checkShape(s.element, item, `${at}[${i}]`, ctx);
      });
      return;
    case "map":
      if (!isPlainObject(value)) {
        ctx.out.push(`'${at}' must be a map, got ${describe(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        if (!isAbsent(v)) checkShape(s.element, v, `${at}.${k}`, ctx);
      }
      return;
    case "object":
      if (!isPlainObject(value)) {
        ctx.out.push(`'${at}' must be an object, got ${describe(value)}`);
        return;
      }
      checkObject(s.properties, value, `${at}.`, ctx);
  }
}

function checkProperty(p: Property, value: unknown, at: string, ctx: Context): void {
  if (p.computedOnly) {
    ctx.out.push(`'${at}' is computed by the provider and cannot be set`);
    return;
  }
  if (p.deprecated) ctx.out.push(`'${at}' is deprecated by the provider`);
  if (p.sensitive && !isSecretAt(at, ctx.secrets)) {
    ctx.out.push(`'${at}' is sensitive and must be passed as a secret (pulumi.secret)`);
  }
  if (p.source === "block" && p.nesting !== "single") {
    if (!Array.isArray(value)) {
      ctx.out.push(`'${at}' is a repeatable block and must be an array, got ${describe(value)}`);
      return;
    }
    if (value.length < p.minItems)
      ctx.out.push(`'${at}' needs at least ${p.minItems} item(s), got ${value.length}`);
    if (p.maxItems !== undefined && value.length > p.maxItems) {
      ctx.out.push(`'${at}' takes at most ${p.maxItems} item(s), got ${value.length}`);
    }
    value.forEach((item, i) => checkShape(p.shape, item, `${at}[${i}]`, ctx));
    return;
  }
  if (p.source === "block" && Array.isArray(value)) {
    ctx.out.push(`'${at}' is a single block (at most one) and must be an object, got an array`);
    return;
  }
  checkShape(p.shape, value, at, ctx);
}

function checkObject(
  properties: readonly Property[],
  value: Record<string, unknown>,
  prefix: string,
  ctx: Context,
): void {
  const byName = new Map(properties.map((p) => [p.name, p]));
  for (const p of properties) {
    if (p.required && !p.computedOnly && isAbsent(value[p.name])) {
      ctx.out.push(`missing required ${p.source === "block" ? "block" : "input"} '${prefix}${p.name}'`);
    }
  }
  for (const [name, v] of Object.entries(value)) {
    if (isAbsent(v)) continue;
    const p = byName.get(name);
    if (p) checkProperty(p, v, `${prefix}${name}`, ctx);
    else ctx.out.push(`unknown input property '${prefix}${name}'`);
  }
}

/** Every problem of one resource's inputs against its model; empty = valid. */
export function checkInputs(model: ResourceModel, captured: CapturedInputs): string[] {
  const ctx: Context = { secrets: captured.secretInputPaths, out: [] };
  checkObject(model.properties, captured.inputs as Record<string, unknown>, "", ctx);
  return ctx.out;
}

/** `checkInputs` for a captured resource of any Yandex token, against the committed schema. */
export function validateYandexInputs(
  captured: CapturedInputs,
  models: readonly ResourceModel[] = committedModel(),
): string[] {
  const model = modelByToken(models, captured.type);
  if (!model) return [`unknown resource token '${captured.type}'`];
  return checkInputs(model, captured);
}
