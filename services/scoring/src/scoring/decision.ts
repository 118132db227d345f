export type Decision = "approve" | "decline";

/** A score at or above the threshold is declined (the threshold is the lowest declined score). */
export function decide(score: number, threshold: number): Decision {
  return score >= threshold ? "decline" : "approve";
}
