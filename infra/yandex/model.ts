/**
 * The Pulumi view of the provider's schema, derived once from the committed Terraform subset: for
 * every resource its token, class name and properties, each with its Terraform name, value shape,
 * whether it is required, computed-only (never an input), sensitive or deprecated, and for blocks
 * their nesting and item limits. Code generation, the input check and the Terraform rendering all
 * read this one model, so they cannot disagree about names or shapes.
 */
import { pascalCase, propertyName, resourceClassName, resourceToken } from "./naming";
import type {
  CtyType,
  SchemaSubset,
  TfAttribute,
  TfBlock,
  TfBlockType,
  TfNestedType,
} from "./terraform-schema";
import { loadSchemaSubset } from "./terraform-schema";

/** Value shapes: primitives, collections of shapes, objects of named properties. */
export type Shape =
  | { readonly kind: "string" | "number" | "bool" }
  | { readonly kind: "list" | "set" | "map"; readonly element: Shape }
  /** An object type: a nested block or nested attribute, or a computed `object` attribute (then `typeName` is absent). */
  | { readonly kind: "object"; readonly typeName?: string; readonly properties: readonly Property[] };

export interface Property {
  /** Pulumi (camelCase) name. */
  readonly name: string;
  /** Terraform (snake_case) name. */
  readonly tfName: string;
  readonly source: "attribute" | "block";
  /** For blocks: `single` (an object; Terraform nesting single or max_items 1) or `list`/`set` (an array). */
  readonly nesting?: "single" | "list" | "set";
  readonly minItems: number;
  readonly maxItems?: number;
  /** The value, or for repeated blocks the shape of one item. */
  readonly shape: Shape;
  readonly required: boolean;
  /** Set by the provider only: an output, never an input. */
  readonly computedOnly: boolean;
  /** Computed by the provider when not given (optional + computed, or computed-only). */
  readonly computed: boolean;
  readonly sensitive: boolean;
  readonly deprecated: boolean;
  readonly description?: string;
}

export interface ResourceModel {
  readonly tfType: string;
  readonly className: string;
  readonly token: string;
  readonly description?: string;
  readonly properties: readonly Property[];
}

/** Top-level names the bridge never exposes: the resource id and the Terraform-only `timeouts` block. */
const HIDDEN_AT_TOP = new Set(["id", "timeouts"]);

function shapeOfCty(type: CtyType | undefined, where: string): Shape {
  if (type === "string" || type === "number" || type === "bool") return { kind: type };
  if (Array.isArray(type)) {
    const [kind, inner] = type;
    if (kind === "list" || kind === "set" || kind === "map") {
      return { kind, element: shapeOfCty(inner as CtyType, where) };
    }
    if (kind === "object") {
      const fields = Object.entries(inner as Record<string, CtyType>).sort(([a], [b]) => a.localeCompare(b));
      return {
        kind: "object",
        properties: fields.map(([tfName, t]) => ({
          name: propertyName(tfName, Array.isArray(t) && (t[0] === "list" || t[0] === "set")),
          tfName,
          source: "attribute",
          minItems: 0,
          shape: shapeOfCty(t, `${where}.${tfName}`),
          required: false,
          computedOnly: true,
          computed: true,
          sensitive: false,
          deprecated: false,
        })),
      };
    }
  }
  throw new Error(`${where}: unsupported type ${JSON.stringify(type)}`);
}

/**
 * A plugin-framework nested attribute: a named object type (like a block's), written as an attribute
 * value (an object, or a list/set/map of objects), so Terraform JSON takes it as is.
 */
function nestedShape(nested: TfNestedType, typeName: string, where: string): Shape {
  const mode = nested.nesting_mode ?? "single";
  if (mode !== "single" && mode !== "list" && mode !== "set" && mode !== "map") {
    throw new Error(`${where}: nested attribute nesting '${String(mode)}' is not supported by the generator`);
  }
  const object = objectShape({ attributes: nested.attributes ?? {} }, typeName, where);
  return mode === "single" ? object : { kind: mode, element: object };
}

function attributeProperty(tfName: string, a: TfAttribute, typePrefix: string, where: string): Property {
  const shape =
    a.nested_type !== undefined
      ? nestedShape(a.nested_type, `${typePrefix}${pascalCase(tfName)}`, where)
      : shapeOfCty(a.type, where);
  const repeated = shape.kind === "list" || shape.kind === "set";
  const computedOnly = a.computed === true && a.required !== true && a.optional !== true;
  return {
    name: propertyName(tfName, repeated),
    tfName,
    source: "attribute",
    minItems: 0,
    shape,
    required: a.required === true,
    computedOnly,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
    deprecated: a.deprecated === true,
    ...(a.description ? { description: a.description } : {}),
  };
}

function blockProperty(tfName: string, b: TfBlockType, typePrefix: string, where: string): Property {
  if (b.nesting_mode !== "single" && b.nesting_mode !== "list" && b.nesting_mode !== "set") {
    throw new Error(`${where}: block nesting '${b.nesting_mode}' is not supported by the generator`);
  }
  const single = b.nesting_mode === "single" || b.max_items === 1;
  const typeName = `${typePrefix}${pascalCase(tfName)}`;
  const minItems = b.min_items ?? 0;
  return {
    name: propertyName(tfName, !single),
    tfName,
    source: "block",
    nesting: single ? "single" : (b.nesting_mode as "list" | "set"),
    minItems,
    ...(b.max_items !== undefined ? { maxItems: b.max_items } : {}),
    shape: objectShape(b.block, typeName, `${where}`),
    required: minItems > 0,
    computedOnly: false,
    computed: false,
    sensitive: false,
    deprecated: b.block.deprecated === true,
    ...(b.block.description ? { description: b.block.description } : {}),
  };
}

function objectShape(block: TfBlock, typeName: string, where: string, top = false): Shape {
  const shown = ([name]: [string, unknown]): boolean => !(top && HIDDEN_AT_TOP.has(name));
  const attributes = Object.entries(block.attributes ?? {})
    .filter(shown)
    .map(([name, a]) => attributeProperty(name, a, typeName, `${where}.${name}`));
  const blocks = Object.entries(block.block_types ?? {})
    .filter(shown)
    .map(([name, b]) => blockProperty(name, b, typeName, `${where}.${name}`));
  const properties = [...attributes, ...blocks].sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const p of properties) {
    if (seen.has(p.name)) throw new Error(`${where}: two properties map to the Pulumi name '${p.name}'`);
    seen.add(p.name);
  }
  return { kind: "object", typeName, properties };
}

/** Pure: the model of every resource type in the subset. */
export function buildModel(subset: SchemaSubset): ResourceModel[] {
  return Object.entries(subset.resource_schemas)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tfType, schema]) => {
      const className = resourceClassName(tfType);
      const shape = objectShape(schema.block, className, tfType, true);
      if (shape.kind !== "object") throw new Error(`${tfType}: not an object`);
      return {
        tfType,
        className,
        token: resourceToken(tfType),
        ...(schema.block.description ? { description: schema.block.description } : {}),
        properties: shape.properties,
      };
    });
}

let committed: ResourceModel[] | undefined;

/** The model of the committed `schema.json`, built once. */
export function committedModel(): ResourceModel[] {
  committed ??= buildModel(loadSchemaSubset());
  return committed;
}

export function modelByToken(models: readonly ResourceModel[], token: string): ResourceModel | undefined {
  return models.find((m) => m.token === token);
}

/** Properties a caller may pass (everything but computed-only attributes). */
export function inputProperties(properties: readonly Property[]): Property[] {
  return properties.filter((p) => !p.computedOnly);
}

/** True when the property or anything nested in it is sensitive. */
export function containsSensitive(p: Property): boolean {
  if (p.sensitive) return true;
  const nested = (s: Shape): boolean =>
    s.kind === "object"
      ? s.properties.some(containsSensitive)
      : s.kind === "list" || s.kind === "set" || s.kind === "map"
        ? nested(s.element)
        : false;
  return nested(p.shape);
}
