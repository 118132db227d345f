import type { ReportViolation } from "@pulumi/policy";

/** Canned ACLs that open a bucket or object to everyone (same names on Object Storage and S3). */
export const PUBLIC_ACLS: ReadonlySet<string> = new Set([
  "public-read",
  "public-read-write",
  "authenticated-read",
]);
const PUBLIC_GRANTEE = /\/(AllUsers|AuthenticatedUsers)$/;

/** Statements of a bucket policy (JSON text or document) that allow everyone ("*" principal). */
export function publicStatements(policy: unknown): number | "invalid" {
  let parsed: unknown = policy;
  if (typeof policy === "string") {
    try {
      parsed = JSON.parse(policy);
    } catch {
      return "invalid";
    }
  }
  const statements = (parsed as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  const isEveryone = (p: unknown): boolean =>
    p === "*" ||
    (typeof p === "object" && p !== null && Object.values(p).some((v) => v === "*" || isEveryone(v)));
  return list.filter(
    (s: { Effect?: unknown; Principal?: unknown }) => s.Effect === "Allow" && isEveryone(s.Principal),
  ).length;
}

/** The access settings a bucket can carry inline (Object Storage buckets, and S3 buckets' legacy inputs). */
export interface InlineBucketAccess {
  readonly acl?: string;
  readonly grants?: ReadonlyArray<{ readonly uri?: string; readonly permissions?: readonly string[] }>;
  readonly policy?: unknown;
  readonly website?: unknown;
}

/** Reports each inline setting that lets anyone in without credentials. */
export function reportPublicInlineAccess(bucket: InlineBucketAccess, report: ReportViolation): void {
  if (bucket.acl && PUBLIC_ACLS.has(bucket.acl))
    report(`bucket ACL "${bucket.acl}" opens the bucket to everyone`);
  (bucket.grants ?? []).forEach((g, i) => {
    if (g.uri && PUBLIC_GRANTEE.test(g.uri))
      report(`grants[${i}] gives ${(g.permissions ?? []).join("/")} to ${g.uri}`);
  });
  if (bucket.policy) reportPublicPolicy(bucket.policy, "bucket policy", report);
  if (bucket.website) report("static website hosting is enabled: it serves objects anonymously");
}

/** Reports a bucket policy that allows everyone, or that cannot be read. */
export function reportPublicPolicy(policy: unknown, what: string, report: ReportViolation): void {
  const found = publicStatements(policy);
  if (found === "invalid") report(`${what} is not valid JSON, so it cannot be checked for public access`);
  else if (found > 0) report(`${what} has ${found} Allow statement(s) for principal "*"`);
}
