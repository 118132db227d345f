/** Proportion given to an empty bin, on either side, so that PSI stays finite. */
export const PSI_EPSILON = 1e-4;

/**
 * Population stability index of `actualCounts` against the reference `expected` proportions (same
 * bins): sum over bins of (a - e) * ln(a / e), each proportion floored at `epsilon`. Undefined when
 * nothing was observed.
 */
export function psi(
  expected: readonly number[],
  actualCounts: ArrayLike<number>,
  epsilon = PSI_EPSILON,
): number | undefined {
  if (expected.length !== actualCounts.length) {
    throw new Error(`psi: ${expected.length} reference bins but ${actualCounts.length} observed bins`);
  }
  let total = 0;
  for (let i = 0; i < actualCounts.length; i++) total += actualCounts[i]!;
  if (total === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, epsilon);
    const a = Math.max(actualCounts[i]! / total, epsilon);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/**
 * Bin of `x` for the cut points `edges` (strictly increasing): bin 0 is x < edges[0], bin i is
 * edges[i-1] <= x < edges[i], the last bin x >= edges[last]; numpy's searchsorted(edges, x, "right"),
 * which the training export bins its reference with.
 */
export function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x >= edges[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
