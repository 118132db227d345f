/** A score read back from the `scores` topic, reduced to what quality needs. */
export interface ScoredTransaction {
  readonly transactionId: string | number;
  readonly score: number;
  readonly decision: "decline" | "approve";
}

export interface OnlineQuality {
  readonly scored: number;
  readonly labelled: number;
  readonly frauds: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  /** NaN when nothing was declined. */
  readonly precision: number;
  /** NaN when no fraud was labelled. */
  readonly recall: number;
  readonly f1: number;
  /** Declined / all scored: the share the 5% business limit is about. */
  readonly declinedShare: number;
  /** Declined legitimate / all legitimate. */
  readonly legitimateDeclinedShare: number;
}

/**
 * Joins scores with delayed labels by transaction id. Scores with no label yet are counted as
 * scored but left out of the confusion matrix, so a late label never counts as legitimate.
 */
export function onlineQuality(
  scores: readonly ScoredTransaction[],
  labels: ReadonlyMap<string | number, 0 | 1>,
): OnlineQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let declined = 0;
  for (const s of scores) {
    if (s.decision === "decline") declined++;
    const label = labels.get(s.transactionId);
    if (label === undefined) continue;
    if (s.decision === "decline") {
      if (label === 1) tp++;
      else fp++;
    } else if (label === 1) fn++;
    else tn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return {
    scored: scores.length,
    labelled: tp + fp + fn + tn,
    frauds: tp + fn,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1: tp === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    declinedShare: scores.length === 0 ? 0 : declined / scores.length,
    legitimateDeclinedShare: fp + tn === 0 ? 0 : fp / (fp + tn),
  };
}
