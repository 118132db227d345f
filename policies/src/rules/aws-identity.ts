/**
 * The identity rules' checks of IAM: inline role policies (wildcard actions; data actions on every
 * resource of the account), attached managed policies that grant whole services, and role trust
 * policies (anyone, or every service account of the cluster through its OIDC provider).
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as iam from "@pulumi/aws/iam";

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: unknown;
  readonly Resource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document (JSON text or object); "invalid" when it cannot be read. */
export function statementsOf(policy: unknown): readonly Statement[] | "invalid" {
  let document: unknown = policy;
  if (typeof policy === "string") {
    try {
      document = JSON.parse(policy);
    } catch {
      return "invalid";
    }
  }
  const statements = (document as { Statement?: unknown } | null)?.Statement;
  if (statements === undefined) return "invalid";
  return (Array.isArray(statements) ? statements : [statements]) as Statement[];
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === "string" ? [v] : v;

/** "statement 2 (ReadModels)", for messages. */
const label = (s: Statement, i: number) => `statement ${i}${s.Sid ? ` (${s.Sid})` : ""}`;

/** The Allow statements of a policy, labelled; "invalid" when it cannot be read. */
function allowStatements(policy: unknown) {
  const statements = statementsOf(policy);
  if (statements === "invalid") return "invalid";
  return statements.flatMap((s, i) => (s.Effect === "Allow" ? [{ s, at: label(s, i) }] : []));
}

/** Allow statements for iam-least-privilege, which reports an unreadable policy: it cannot be checked. */
function checkedAllowStatements(policy: unknown, what: string, report: ReportViolation) {
  const statements = allowStatements(policy);
  if (statements !== "invalid") return statements;
  report(`${what} is not a policy document with a Statement, so it cannot be checked`);
  return [];
}

/** Values of one principal kind ("AWS", "Federated") of a statement; ["*"] for `Principal: "*"`. */
function principals(s: Statement, kind: "AWS" | "Federated"): readonly string[] {
  if (s.Principal === "*") return ["*"];
  const value =
    typeof s.Principal === "object" && s.Principal !== null
      ? (s.Principal as Record<string, unknown>)[kind]
      : undefined;
  return list(value as string | string[] | undefined);
}

const WILDCARD_ACTION = /^(\*|[a-z0-9-]+:\*)$/i;

/** AWS managed policies that grant a whole service, or everything. */
const BROAD_MANAGED_POLICY = /\/(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

const reportBroadManagedPolicy = (arn: string, report: ReportViolation) => {
  if (BROAD_MANAGED_POLICY.test(arn)) {
    report(`managed policy ${arn.split("/").pop()} grants a whole service or more; grant the actions needed`);
  }
};

export const iamWildcards: ResourceValidation[] = [
  validateResourceOfType(iam.RolePolicy, (policy, _args, report) => {
    for (const { s, at } of checkedAllowStatements(policy.policy, "policy", report)) {
      const wild = list(s.Action).filter((a) => WILDCARD_ACTION.test(a));
      if (wild.length > 0) report(`${at} allows ${wild.join(", ")}: list the actions the role calls`);
      if (s.NotAction !== undefined)
        report(`${at} allows every action but its NotAction: list the actions instead`);
    }
  }),
  validateResourceOfType(iam.RolePolicyAttachment, (attachment, _args, report) =>
    reportBroadManagedPolicy(attachment.policyArn, report),
  ),
  validateResourceOfType(iam.Role, (role, _args, report) => {
    for (const arn of role.managedPolicyArns ?? []) reportBroadManagedPolicy(arn, report);
    for (const { s, at } of checkedAllowStatements(role.assumeRolePolicy, "assumeRolePolicy", report)) {
      if (principals(s, "AWS").includes("*")) {
        report(`assumeRolePolicy ${at} lets any AWS principal assume the role; name the service or role`);
      }
      if (principals(s, "Federated").some((f) => f.includes(":oidc-provider/")) && !pinsServiceAccount(s)) {
        report(
          `assumeRolePolicy ${at} trusts the cluster's OIDC provider without a StringEquals condition on ` +
            "<issuer>:sub: every service account in the cluster could assume the role",
        );
      }
    }
  }),
];

/** True when the statement admits exactly one subject: `StringEquals` on `<issuer>:sub`, no wildcard. */
function pinsServiceAccount(s: Statement): boolean {
  const equals = s.Condition?.StringEquals ?? {};
  const subjects = Object.entries(equals)
    .filter(([key]) => key.endsWith(":sub"))
    .flatMap(([, value]) => list(value as string | string[]));
  return subjects.length === 1 && !subjects[0]?.includes("*");
}

/** Actions that read or write data, or use a key, wherever the resource is. */
const DATA_ACTION =
  /^(s3:(\*|Get|Put|Delete|List|Restore)|kms:(\*|Decrypt|Encrypt|GenerateDataKey|ReEncrypt)|secretsmanager:(\*|GetSecretValue)|\*$)/i;

/** iam-no-folder-wide-data-roles: data actions on `Resource: "*"` reach every bucket, key and secret of the account. */
export function iamAccountWideData(exempt: (args: ResourceValidationArgs) => boolean): ResourceValidation {
  return validateResourceOfType(iam.RolePolicy, (policy, args, report) => {
    const statements = allowStatements(policy.policy);
    if (exempt(args) || statements === "invalid") return;
    for (const { s, at } of statements) {
      if (!list(s.Resource).includes("*")) continue;
      const data = list(s.Action).filter((a) => DATA_ACTION.test(a));
      if (data.length > 0) {
        report(
          `${at} grants ${data.join(", ")} on every resource ("*"); name the buckets, keys or secrets it needs`,
        );
      }
    }
  });
}
