/** Where one labelled transaction lands, from the served decision and the delayed label. */
export type Outcome = "tp" | "fp" | "fn" | "tn";

export const OUTCOMES: readonly Outcome[] = ["tp", "fp", "fn", "tn"];

/** A declined transaction is a predicted fraud: the served decision is what the quality is measured at. */
export function outcomeOf(decision: "approve" | "decline", fraud: 0 | 1): Outcome {
  if (decision === "decline") return fraud === 1 ? "tp" : "fp";
  return fraud === 1 ? "fn" : "tn";
}

export type ConfusionCounts = Record<Outcome, number>;

export const emptyCounts = (): ConfusionCounts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/** Quality at the served decision; a ratio with an empty denominator is undefined, not 0 or 1. */
export interface QualityRatios {
  precision: number | undefined;
  recall: number | undefined;
  f1: number | undefined;
  declinedShare: number | undefined;
  labelled: number;
}

const ratio = (num: number, den: number): number | undefined => (den > 0 ? num / den : undefined);

export function qualityRatios(c: ConfusionCounts): QualityRatios {
  const labelled = c.tp + c.fp + c.fn + c.tn;
  return {
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    // 2TP / (2TP + FP + FN) equals the harmonic mean of precision and recall, and is defined when
    // only one of them is (no declines but frauds: F1 = 0).
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    declinedShare: ratio(c.tp + c.fp, labelled),
    labelled,
  };
}
