/**
 * Physical names for cloud and Kubernetes objects. Yandex resource names and Kubernetes object names
 * share the DNS-label rules (lowercase letters, digits, hyphens, start with a letter, end with an
 * alphanumeric, at most 63 characters); bucket names are global across Yandex Cloud, so they also
 * carry the folder id.
 */

export const MAX_NAME_LENGTH = 63;
export const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const BUCKET_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]{1,61}[a-z0-9])$/;

const PROJECT = "antifraud";

/** Lowercases, turns every run of other characters into one hyphen and trims hyphens at both ends. */
export function slug(part: string): string {
  return part
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A short stable hash (FNV-1a, base 36) so truncated names stay unique. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, "0");
}

function fit(joined: string, maxLength: number): string {
  if (joined.length <= maxLength) return joined;
  const hash = shortHash(joined);
  const head = joined.slice(0, maxLength - hash.length - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}

function join(parts: readonly string[]): string {
  const slugs = parts.map(slug).filter((p) => p.length > 0);
  if (slugs.length === 0) throw new Error("a name needs at least one non-empty part");
  return slugs.join("-");
}

/**
 * Name of a cloud resource or Kubernetes object: `antifraud-<stack>-<parts...>`, valid under
 * `NAME_PATTERN`; names longer than 63 characters are cut and suffixed with a hash of the full name.
 */
export function resourceName(stack: string, ...parts: string[]): string {
  return fit(join([PROJECT, stack, ...parts]), MAX_NAME_LENGTH);
}

/** Name of a Kubernetes object inside the platform namespace (no project/stack prefix needed there). */
export function k8sName(...parts: string[]): string {
  const joined = join(parts);
  const startsWithLetter = /^[a-z]/.test(joined) ? joined : `x-${joined}`;
  return fit(startsWithLetter, MAX_NAME_LENGTH);
}

/** Globally unique bucket name: `antifraud-<stack>-<purpose>-<folderId>`, cut with a hash when too long. */
export function bucketName(stack: string, purpose: string, folderId: string): string {
  return fit(join([PROJECT, stack, purpose, folderId]), MAX_NAME_LENGTH);
}

/** Team accountable for the platform's cloud resources (the `owner` label the policy pack requires). */
export const OWNER = "antifraud-platform";

/**
 * Labels put on every cloud resource so cost and ownership can be traced per stack and component;
 * `environment` and `owner` are required by the policy pack (policies/src/rules/labels.ts).
 */
export function cloudLabels(stack: string, component: string): Record<string, string> {
  return {
    project: PROJECT,
    environment: slug(stack),
    owner: OWNER,
    stack: slug(stack),
    component: slug(component),
    "managed-by": "pulumi",
  };
}
