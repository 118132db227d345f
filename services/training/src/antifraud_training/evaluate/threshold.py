"""Decision threshold: maximise F1 subject to declining at most a share of legitimate transactions
(the original business requirement: 5 %). A transaction is declined when score >= threshold."""

from dataclasses import asdict, dataclass

import numpy as np

MAX_LEGIT_DECLINE_SHARE = 0.05


@dataclass(frozen=True)
class ThresholdMetrics:
    threshold: float
    precision: float
    recall: float
    f1: float
    legit_decline_share: float
    decline_share: float

    def as_dict(self) -> dict:
        return asdict(self)


def metrics_at(labels, scores, threshold: float) -> ThresholdMetrics:
    y, s = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float64)
    declined = s >= threshold
    tp = int(np.sum(declined & (y == 1)))
    fp = int(np.sum(declined & (y == 0)))
    positives, negatives = int(y.sum()), int((1 - y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ThresholdMetrics(
        threshold=float(threshold),
        precision=precision,
        recall=recall,
        f1=f1,
        legit_decline_share=fp / negatives if negatives else 0.0,
        decline_share=float(declined.mean()) if len(s) else 0.0,
    )


def select_threshold(
    labels, scores, max_legit_decline_share: float = MAX_LEGIT_DECLINE_SHARE
) -> ThresholdMetrics:
    """Among the distinct scores used as thresholds, the one with the best F1 whose share of declined
    legitimate transactions is within the limit; ties go to the higher threshold (fewer declines).
    When no threshold declines anything useful, the threshold sits above every score (decline nothing)."""
    y, s = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    last_of_group = np.r_[np.nonzero(np.diff(s_sorted))[0], len(s_sorted) - 1]
    tp = np.cumsum(y_sorted)[last_of_group]
    fp = np.cumsum(1 - y_sorted)[last_of_group]
    positives, negatives = int(y.sum()), int((1 - y).sum())
    f1 = np.where(tp > 0, 2 * tp / (tp + fp + positives), 0.0)
    allowed = fp <= max_legit_decline_share * negatives
    if not allowed.any() or f1[allowed].max() == 0:
        return metrics_at(y, s, float(np.nextafter(s.max(), np.inf)))
    best = int(np.argmax(np.where(allowed, f1, -1.0)))
    return metrics_at(y, s, float(s_sorted[last_of_group[best]]))
