import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { isThirdPartyChartChild } from "./urn";

export type Props = Record<string, unknown>;
export type PropsValidation<P> = (props: P, args: ResourceValidationArgs, report: ReportViolation) => void;

/**
 * Like `validateResourceOfType`, for types matched by token (Kubernetes kinds, authoritative IAM
 * types we have no binding class for). A single token is attached as `__pulumiType`, so the policy
 * server skips other types before calling us, as it does for typed validations.
 */
export function validateTypes<P = Props>(types: string | ReadonlySet<string>, validate: PropsValidation<P>) {
  const matches = (t: string) => (typeof types === "string" ? t === types : types.has(t));
  const fn: ResourceValidation & { __pulumiType?: string } = (args, report) => {
    if (!matches(args.type)) args.notApplicable(`Policy only applies to ${[...describe(types)].join(", ")}`);
    validate(args.props as P, args, report);
  };
  if (typeof types === "string") fn.__pulumiType = types;
  return fn;
}

const describe = (types: string | ReadonlySet<string>) => (typeof types === "string" ? [types] : [...types]);

/** Wraps a validation so objects rendered from a third-party Helm chart are not applicable. */
export function ownedObjectsOnly(validation: ResourceValidation): ResourceValidation {
  const fn: ResourceValidation & { __pulumiType?: string } = (args, report) => {
    if (isThirdPartyChartChild(args.urn, args.opts.parent)) {
      args.notApplicable("object rendered from a third-party Helm chart");
    }
    return validation(args, report);
  };
  const token = (validation as { __pulumiType?: string }).__pulumiType;
  if (token) fn.__pulumiType = token;
  return fn;
}
