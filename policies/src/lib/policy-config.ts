import type { PolicyConfigSchema } from "@pulumi/policy";

type JsonType = "string" | "number" | "integer" | "boolean" | "array" | "object";
type Scalar =
  number | string | boolean | readonly string[] | readonly number[] | Readonly<Record<string, number>>;

export interface ConfigProperty<T extends Scalar> {
  readonly type: JsonType;
  readonly description: string;
  readonly default: T;
  readonly items?: { readonly type: JsonType };
  /** For objects: the type of every value. */
  readonly additionalProperties?: { readonly type: JsonType };
}

export type ConfigSpec = Record<string, ConfigProperty<Scalar>>;
export type ConfigValues<S extends ConfigSpec> = { -readonly [K in keyof S]: S[K]["default"] };

/** JSON schema for the pack metadata and `--policy-pack-config` validation, defaults included. */
export function configSchemaOf(spec: ConfigSpec): PolicyConfigSchema {
  return {
    properties: Object.fromEntries(
      Object.entries(spec).map(([key, p]) => [
        key,
        {
          type: p.type,
          description: p.description,
          default: p.default,
          ...(p.items ? { items: { type: p.items.type } } : {}),
          ...(p.additionalProperties ? { additionalProperties: { type: p.additionalProperties.type } } : {}),
        },
      ]),
    ),
  };
}

/** Policy config with the schema defaults filled in, whether or not the engine applied them. */
export function configValues<S extends ConfigSpec>(
  spec: S,
  args: { getConfig<T extends object>(): T },
): ConfigValues<S> {
  const given = args.getConfig<Record<string, unknown>>();
  const values: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(spec)) values[key] = given[key] ?? p.default;
  return values as ConfigValues<S>;
}

export const integerParam = (description: string, value: number): ConfigProperty<number> => ({
  type: "integer",
  description,
  default: value,
});
export const numberParam = (description: string, value: number): ConfigProperty<number> => ({
  type: "number",
  description,
  default: value,
});
export const stringParam = (description: string, value: string): ConfigProperty<string> => ({
  type: "string",
  description,
  default: value,
});
export const booleanParam = (description: string, value: boolean): ConfigProperty<boolean> => ({
  type: "boolean",
  description,
  default: value,
});
export const stringListParam = (
  description: string,
  value: readonly string[],
): ConfigProperty<readonly string[]> => ({
  type: "array",
  items: { type: "string" },
  description,
  default: value,
});
export const integerListParam = (
  description: string,
  value: readonly number[],
): ConfigProperty<readonly number[]> => ({
  type: "array",
  items: { type: "integer" },
  description,
  default: value,
});
export const numberMapParam = (
  description: string,
  value: Readonly<Record<string, number>>,
): ConfigProperty<Readonly<Record<string, number>>> => ({
  type: "object",
  additionalProperties: { type: "number" },
  description,
  default: value,
});
