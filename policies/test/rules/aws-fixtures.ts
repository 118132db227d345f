import type { EvaluatedResource } from "../../src/evaluate";
import { resource } from "../helpers";

/** The type token of an @pulumi/aws class (its `__pulumiType` is not in the declarations). */
export const awsType = (kind: object): string => (kind as { __pulumiType: string }).__pulumiType;

/** An AWS resource as the mock engine records it; `dependsOn` lists the resources its inputs name. */
export function awsResource(
  kind: object,
  name: string,
  inputs: Record<string, unknown>,
  dependsOn: readonly EvaluatedResource[] = [],
): EvaluatedResource {
  return resource(awsType(kind), name, inputs, { dependencies: dependsOn.map((r) => r.urn) });
}
