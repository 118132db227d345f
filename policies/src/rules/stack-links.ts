import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export type ResourceClass = Parameters<PolicyResource["isType"]>[0];

/**
 * A rule that checks each resource and also the stack as a whole, under one name. On AWS a bucket's
 * encryption, public access block and versioning are separate resources, so "this bucket is
 * encrypted" can only be answered across resources. The SDK's analyzer runs `validateResource` on
 * Analyze and `validateStack` on AnalyzeStack for any policy that has them, so one policy may carry
 * both, and a rule keeps its name (and its config entry) on both clouds.
 */
export type ResourceAndStackPolicy = ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack">;

/**
 * Resources of class `kind` that depend on `target`: the sub-resources that name it (a bucket's
 * encryption configuration). Linked by the engine's dependency list rather than by ids: ids are
 * unknown in a first preview, dependencies never are.
 */
export function dependentsOf(
  resources: readonly PolicyResource[],
  target: PolicyResource,
  kind: ResourceClass,
): PolicyResource[] {
  return resources.filter((r) => r.isType(kind) && r.dependencies.some((d) => d.urn === target.urn));
}

/** The resources of class `kind` that `source` depends on (an EMR cluster's subnet, an instance's parameter group). */
export function dependenciesOf(source: PolicyResource, kind: ResourceClass): PolicyResource[] {
  return source.dependencies.filter((d) => d.isType(kind));
}
