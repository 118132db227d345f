/**
 * The Terraform provider's own schema, as `tofu providers schema -json` prints it, and the committed
 * subset of it (`schema.json`): the resource types the program declares, unchanged, with where they
 * came from. Everything the bindings and checks know about a resource is read from here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import provider from "./provider.json";

/** A cty type expression: "string" | "number" | "bool" | ["list"|"set"|"map", T] | ["object", {...}]. */
export type CtyType = string | [string, CtyType] | ["object", Record<string, CtyType>];

/** Plugin-framework nested attributes: an object (or collection of objects) written as an attribute. */
export interface TfNestedType {
  readonly attributes?: Readonly<Record<string, TfAttribute>>;
  readonly nesting_mode?: "single" | "list" | "set" | "map";
}

export interface TfAttribute {
  readonly type?: CtyType;
  readonly nested_type?: TfNestedType;
  readonly description?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

export interface TfBlockType {
  readonly nesting_mode: "single" | "list" | "set" | "map" | "group";
  readonly block: TfBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface TfBlock {
  readonly attributes?: Readonly<Record<string, TfAttribute>>;
  readonly block_types?: Readonly<Record<string, TfBlockType>>;
  readonly description?: string;
  readonly deprecated?: boolean;
}

export interface TfResourceSchema {
  readonly version: number;
  readonly block: TfBlock;
}

/** What `providers schema -json` prints. */
export interface ProviderSchemaDump {
  readonly format_version: string;
  readonly provider_schemas: Readonly<
    Record<string, { readonly resource_schemas: Readonly<Record<string, TfResourceSchema>> }>
  >;
}

/** The committed subset: one provider, the selected resource types, and its provenance. */
export interface SchemaSubset {
  readonly comment: string;
  readonly provider: string;
  readonly version: string;
  readonly extractedFrom: string;
  readonly resource_schemas: Readonly<Record<string, TfResourceSchema>>;
}

export const SCHEMA_SUBSET_PATH = path.join(__dirname, "schema.json");
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The full dump the subset is extracted from (outside the repository, beside the checkout). */
export const SCHEMA_DUMP_PATH = path.resolve(REPO_ROOT, provider.schemaDump);

/** Registry address the dump keys the provider by, e.g. `registry.opentofu.org/yandex-cloud/yandex`. */
export const PROVIDER_ADDRESS = provider.terraformProvider;

export function loadSchemaSubset(file: string = SCHEMA_SUBSET_PATH): SchemaSubset {
  return JSON.parse(fs.readFileSync(file, "utf8")) as SchemaSubset;
}

export function loadSchemaDump(file: string = SCHEMA_DUMP_PATH): ProviderSchemaDump {
  if (!fs.existsSync(file)) {
    throw new Error(
      `the provider schema dump ${file} is missing; it is the shared reference beside the checkout ` +
        `(provider.json "schemaDump")`,
    );
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as ProviderSchemaDump;
}

/** Pure: the subset of `dump` holding `resourceTypes`, byte-stable (types sorted). */
export function extractSubset(
  dump: ProviderSchemaDump,
  resourceTypes: readonly string[],
  extractedFrom: string,
): SchemaSubset {
  const schemas = dump.provider_schemas[PROVIDER_ADDRESS]?.resource_schemas;
  if (!schemas) throw new Error(`the schema dump has no provider ${PROVIDER_ADDRESS}`);
  const picked: Record<string, TfResourceSchema> = {};
  for (const type of [...resourceTypes].sort()) {
    const schema = schemas[type];
    if (!schema) throw new Error(`provider ${PROVIDER_ADDRESS} has no resource type ${type}`);
    picked[type] = schema;
  }
  return {
    comment:
      "GENERATED FILE - DO NOT EDIT. The resource types listed in provider.json, copied from the provider's " +
      "own schema dump by infra/yandex/generate.ts (npm run gen:yandex).",
    provider: PROVIDER_ADDRESS,
    version: provider.terraformProviderVersion,
    extractedFrom,
    resource_schemas: picked,
  };
}

export function subsetText(subset: SchemaSubset): string {
  return `${JSON.stringify(subset, null, 2)}\n`;
}
