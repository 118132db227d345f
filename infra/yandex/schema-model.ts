import * as fs from "fs";
import * as path from "path";

/** One property as the committed schema describes it (Pulumi package-schema subset). */
export interface SchemaProperty {
  readonly type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  readonly $ref?: string;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
  readonly secret?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaResource {
  readonly token: string;
  readonly inputProperties: Readonly<Record<string, SchemaProperty>>;
  readonly requiredInputs: readonly string[];
  readonly outputProperties: Readonly<Record<string, SchemaProperty>>;
  readonly requiredOutputs: readonly string[];
  readonly source?: string;
}

export interface SchemaObjectType {
  readonly type: "object";
  readonly properties?: Readonly<Record<string, SchemaProperty>>;
  readonly required?: readonly string[];
  readonly requiredOutputs?: readonly string[];
  readonly source?: string;
}

export interface ProviderTarget {
  readonly terraformProvider: string;
  readonly terraformProviderVersion: string;
  readonly baseProvider: string;
  readonly baseProviderVersion: string;
}

export interface PackageSchema {
  readonly provenance: { readonly target: ProviderTarget };
  readonly resources: Readonly<Record<string, SchemaResource>>;
  readonly types: Readonly<Record<string, SchemaObjectType>>;
}

export const SCHEMA_PATH = path.join(__dirname, "schema.json");

export function loadSchema(file: string = SCHEMA_PATH): PackageSchema {
  return JSON.parse(fs.readFileSync(file, "utf8")) as PackageSchema;
}

const REF_PREFIX = "#/types/";

/** `#/types/yandex:index/Foo:Foo` -> the type token `yandex:index/Foo:Foo`. */
export function refToken(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) {
    throw new Error(`unsupported $ref '${ref}': only local '${REF_PREFIX}<token>' references are allowed`);
  }
  return ref.slice(REF_PREFIX.length);
}

/** The class/interface name carried by a token (`yandex:index/vpcSubnet:VpcSubnet` -> `VpcSubnet`). */
export function tokenName(token: string): string {
  const name = token.split(":").pop();
  if (!name) throw new Error(`malformed token '${token}'`);
  return name;
}

export function resolveRef(schema: PackageSchema, ref: string): SchemaObjectType {
  const type = schema.types[refToken(ref)];
  if (!type) throw new Error(`unresolved $ref '${ref}'`);
  return type;
}

export function findResourceByToken(schema: PackageSchema, token: string): SchemaResource | undefined {
  return Object.values(schema.resources).find((r) => r.token === token);
}
