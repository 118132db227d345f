/**
 * Renders Yandex resources captured under the mock engine into Terraform JSON configuration, the
 * inverse of the bridge's naming (camelCase -> snake_case, plural block names -> the singular
 * block, single objects -> one block), so the provider itself (`tofu validate`) can judge them.
 * One file per resource: the provider's diagnostics name the file, hence the Pulumi resource.
 * Values the engine did not know yet become references to untyped variables, which validate
 * accepts as unknown values of any type.
 */
import type { Property, ResourceModel, Shape } from "./model";
import { committedModel, modelByToken } from "./model";
import provider from "./provider.json";
import { UNKNOWN_VALUE } from "./schema-check";

export interface RenderableResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface RenderedResource {
  /** Pulumi resource name. */
  readonly name: string;
  /** Terraform address, `yandex_vpc_subnet.network-k8s-ru-central1-a`. */
  readonly address: string;
  /** File name inside the configuration directory. */
  readonly file: string;
  readonly json: Record<string, unknown>;
}

export interface RenderedConfiguration {
  /** File name -> JSON text. */
  readonly files: Record<string, string>;
  readonly resources: RenderedResource[];
}

/** Terraform names: a letter or underscore, then letters, digits, underscores and hyphens. */
export function terraformName(pulumiName: string): string {
  const safe = pulumiName.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
}

class Unknowns {
  readonly names: string[] = [];
  reference(): string {
    const name = `pending_${this.names.length}`;
    this.names.push(name);
    return `\${var.${name}}`;
  }
}

function renderShape(s: Shape, value: unknown, unknowns: Unknowns): unknown {
  if (value === UNKNOWN_VALUE) return unknowns.reference();
  if (value === null || value === undefined) return value;
  switch (s.kind) {
    case "list":
    case "set":
      return Array.isArray(value) ? value.map((v) => renderShape(s.element, v, unknowns)) : value;
    case "map":
      return typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>).map(([k, v]) => [
              k,
              renderShape(s.element, v, unknowns),
            ]),
          )
        : value;
    case "object":
      return typeof value === "object" && !Array.isArray(value)
        ? renderObject(s.properties, value as Record<string, unknown>, unknowns)
        : value;
    default:
      return value;
  }
}

function renderProperty(p: Property, value: unknown, unknowns: Unknowns): unknown {
  if (p.source === "block") {
    // Blocks are written as lists of block bodies; a single block is a list of one.
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => renderShape(p.shape, item, unknowns));
  }
  return renderShape(p.shape, value, unknowns);
}

function renderObject(
  properties: readonly Property[],
  value: Record<string, unknown>,
  unknowns: Unknowns,
): Record<string, unknown> {
  const byName = new Map(properties.map((p) => [p.name, p]));
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const p = byName.get(name);
    // Unknown names pass through in Terraform's case, so the provider reports them itself.
    if (p) out[p.tfName] = renderProperty(p, v, unknowns);
    else out[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  }
  return out;
}

/** The `terraform` and `provider` blocks pinning the provider this schema is from. */
export function providerRequirement(): Record<string, unknown> {
  const [, namespace, type] = provider.terraformProvider.split("/");
  return {
    terraform: {
      required_providers: {
        yandex: { source: `${namespace}/${type}`, version: provider.terraformProviderVersion },
      },
    },
    provider: { yandex: {} },
  };
}

/** Pure: the configuration for the given Yandex resources (other types are refused). */
export function renderTerraformConfiguration(
  resources: readonly RenderableResource[],
  models: readonly ResourceModel[] = committedModel(),
): RenderedConfiguration {
  const unknowns = new Unknowns();
  const files: Record<string, string> = {};
  const rendered: RenderedResource[] = [];
  const addresses = new Set<string>();
  for (const r of resources) {
    const model = modelByToken(models, r.type);
    if (!model) throw new Error(`${r.name}: no Terraform schema for ${r.type}`);
    const address = `${model.tfType}.${terraformName(r.name)}`;
    if (addresses.has(address)) throw new Error(`${r.name}: address ${address} is taken twice`);
    addresses.add(address);
    const body = renderObject(model.properties, r.inputs as Record<string, unknown>, unknowns);
    const json = { resource: { [model.tfType]: { [terraformName(r.name)]: body } } };
    const file = `${address}.tf.json`;
    files[file] = `${JSON.stringify(json, null, 2)}\n`;
    rendered.push({ name: r.name, address, file, json });
  }
  const variables = Object.fromEntries(unknowns.names.map((n) => [n, {}]));
  files["main.tf.json"] = `${JSON.stringify(
    { ...providerRequirement(), ...(unknowns.names.length ? { variable: variables } : {}) },
    null,
    2,
  )}\n`;
  return { files, resources: rendered };
}
