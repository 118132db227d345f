/**
 * Kubernetes objects the program declares (captured under the mock engine) as the manifests the
 * Kubernetes provider would send, and their validation by a real API server: server-side dry-run
 * (`dryRun=All`) with strict field validation, so unknown or misplaced fields, invalid values and
 * admission refusals come back from the server itself, per object, with its warnings.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeClient } from "@antifraud/local";
import type { CapturedResource } from "./capture";
import { REPO_ROOT } from "./stack-files";

/** Where scripts/bootstrap.d/80-kube.sh puts the prometheus-operator CRDs. */
export const CRD_ROOT = path.join(REPO_ROOT, ".cache", "kube", "crds");

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface DeclaredObject {
  /** Pulumi resource name. */
  readonly resource: string;
  readonly manifest: Manifest;
}

/** Types that are not API objects: providers, and Helm releases (rendered by Helm at deploy time). */
const NOT_OBJECTS = [/^pulumi:providers:/, /^kubernetes:helm\.sh\//];

/** The Kubernetes provider names unnamed objects `<resource name>-<random suffix>`. */
function autoName(resource: string): string {
  return `${resource.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}-0a1b2c3d`;
}

export function declaredObjects(resources: readonly CapturedResource[]): DeclaredObject[] {
  return resources
    .filter((r) => r.custom && r.type.startsWith("kubernetes:") && !NOT_OBJECTS.some((re) => re.test(r.type)))
    .map((r) => {
      const inputs = r.inputs as Partial<Manifest>;
      if (typeof inputs.apiVersion !== "string" || typeof inputs.kind !== "string") {
        throw new Error(`${r.name} (${r.type}): inputs carry no apiVersion/kind`);
      }
      const metadata = { ...(inputs.metadata ?? {}) } as Manifest["metadata"];
      metadata.name ??= autoName(r.name);
      return { resource: r.name, manifest: { ...inputs, metadata } as Manifest };
    });
}

export function describeObject(o: DeclaredObject): string {
  const m = o.manifest;
  const where = m.metadata.namespace ? `${m.metadata.namespace}/${m.metadata.name}` : m.metadata.name;
  return `${m.kind} ${where} (Pulumi resource ${o.resource})`;
}

interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** Maps apiVersion + kind to the REST path of its collection, from the server's discovery documents. */
export class ApiDiscovery {
  private readonly groups = new Map<string, ApiResource[]>();

  constructor(private readonly client: KubeClient) {}

  private async resources(apiVersion: string): Promise<ApiResource[]> {
    let found = this.groups.get(apiVersion);
    if (!found) {
      const prefix = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const response = await this.client.request("GET", prefix);
      if (response.status !== 200)
        throw new Error(`the server does not serve ${apiVersion} (${response.status})`);
      found = (response.body as { resources: ApiResource[] }).resources.filter((r) => !r.name.includes("/"));
      this.groups.set(apiVersion, found);
    }
    return found;
  }

  async collectionPath(m: Manifest): Promise<string> {
    const resource = (await this.resources(m.apiVersion)).find((r) => r.kind === m.kind);
    if (!resource) throw new Error(`the server has no kind ${m.kind} in ${m.apiVersion}`);
    const prefix = m.apiVersion.includes("/") ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`;
    if (!resource.namespaced) return `${prefix}/${resource.name}`;
    if (!m.metadata.namespace)
      throw new Error(`${m.kind} ${m.metadata.name} is namespaced but names no namespace`);
    return `${prefix}/namespaces/${m.metadata.namespace}/${resource.name}`;
  }
}

export interface DryRunResult {
  readonly status: number;
  /** The server's message when it refused the object. */
  readonly message?: string;
  readonly warnings: string[];
}

/** Creates `m` with server-side dry-run (nothing is stored) or for real, with strict field validation. */
export async function createObject(
  client: KubeClient,
  discovery: ApiDiscovery,
  m: Manifest,
  mode: "dry-run" | "persist",
): Promise<DryRunResult> {
  const query = `fieldValidation=Strict${mode === "dry-run" ? "&dryRun=All" : ""}`;
  const response = await client.request("POST", `${await discovery.collectionPath(m)}?${query}`, m);
  const message =
    response.status >= 300
      ? ((response.body as { message?: string }).message ?? JSON.stringify(response.body))
      : undefined;
  return { status: response.status, ...(message ? { message } : {}), warnings: response.warnings };
}

/** Installs every CRD of `dir` (YAML files) and waits until the server serves them. */
export async function installCrds(client: KubeClient, dir: string): Promise<string[]> {
  const crds = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(path.join(dir, f), "utf8")).map((d) => d.toJSON() as Manifest),
    )
    .filter((d) => d?.kind === "CustomResourceDefinition");
  const collection = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  for (const crd of crds) {
    const created = await client.request("POST", collection, crd);
    if (created.status !== 201 && created.status !== 409) {
      throw new Error(`CRD ${crd.metadata.name}: ${created.status} ${JSON.stringify(created.body)}`);
    }
  }
  for (const crd of crds) {
    for (let attempt = 0; ; attempt++) {
      const got = await client.request("GET", `${collection}/${crd.metadata.name}`);
      const conditions = ((got.body as { status?: { conditions?: { type: string; status: string }[] } })
        .status?.conditions ?? []) as { type: string; status: string }[];
      if (conditions.some((c) => c.type === "Established" && c.status === "True")) break;
      if (attempt > 100) throw new Error(`CRD ${crd.metadata.name} never became established`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return crds.map((c) => c.metadata.name);
}
