import { THIRD_PARTY_CHART_TYPES } from "./kubernetes-types";

/**
 * Type chain of a URN `urn:pulumi:<stack>::<project>::<parentType$...$type>::<name>`: the types of
 * every ancestor, outermost first, ending with the resource's own type.
 */
export function urnTypeChain(urn: string): string[] {
  const qualifiedType = urn.split("::")[2];
  return qualifiedType ? qualifiedType.split("$") : [];
}

/**
 * True for objects rendered from a Helm chart (kube-prometheus-stack): we do not own their
 * manifests, so workload rules would only flag upstream choices. Recognised by any ancestor in the
 * URN type chain, or by the parent's URN when the caller knows it.
 */
export function isThirdPartyChartChild(urn: string, parentUrn?: string): boolean {
  const ancestors = urnTypeChain(urn).slice(0, -1);
  if (ancestors.some((t) => THIRD_PARTY_CHART_TYPES.has(t))) return true;
  if (!parentUrn) return false;
  return urnTypeChain(parentUrn).some((t) => THIRD_PARTY_CHART_TYPES.has(t));
}
