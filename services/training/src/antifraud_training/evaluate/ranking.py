"""Threshold-free ranking metrics, with tied scores handled as one threshold (like scikit-learn)."""

import numpy as np


def _validate(labels: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y, s = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float64)
    if y.shape != s.shape or y.ndim != 1:
        raise ValueError(f"labels {y.shape} and scores {s.shape} must be 1-D of the same length")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return y, s


def roc_auc(labels, scores) -> float:
    """Probability that a random fraud outranks a random legitimate transaction (ties count one half),
    which equals the trapezoidal area under the ROC curve."""
    y, s = _validate(labels, scores)
    positives, negatives = int(y.sum()), int((1 - y).sum())
    if positives == 0 or negatives == 0:
        raise ValueError("AUC needs both classes")
    order = np.argsort(s, kind="mergesort")
    sorted_scores = s[order]
    ranks = np.empty(len(s), dtype=np.float64)
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    average_rank = first + (counts + 1) / 2.0  # 1-based average rank of each tie group
    ranks[order] = np.repeat(average_rank, counts)
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2.0) / (positives * negatives))


def precision_recall_steps(labels, scores, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """Precision and recall at every distinct score used as threshold, from the highest score down."""
    y, s = _validate(labels, scores)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    order = np.argsort(-s, kind="mergesort")
    s_sorted, tp, counted = s[order], np.cumsum(w[order] * y[order]), np.cumsum(w[order])
    last_of_group = np.r_[np.nonzero(np.diff(s_sorted))[0], len(s_sorted) - 1]
    tp, counted = tp[last_of_group], counted[last_of_group]
    if tp[-1] == 0:
        raise ValueError("average precision needs at least one fraud")
    precision = np.divide(tp, counted, out=np.zeros_like(tp), where=counted > 0)
    return precision, tp / tp[-1]


def average_precision(labels, scores, weights=None) -> float:
    """AP = sum over thresholds of (R_n - R_{n-1}) * P_n, no interpolation (the handbook's definition)."""
    precision, recall = precision_recall_steps(labels, scores, weights)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def roc_points(labels, scores) -> tuple[np.ndarray, np.ndarray]:
    """False and true positive rates at every distinct threshold, starting at (0, 0)."""
    y, s = _validate(labels, scores)
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    last_of_group = np.r_[np.nonzero(np.diff(s_sorted))[0], len(s_sorted) - 1]
    tp, fp = np.cumsum(y_sorted)[last_of_group], np.cumsum(1 - y_sorted)[last_of_group]
    return np.r_[0.0, fp / max(fp[-1], 1)], np.r_[0.0, tp / max(tp[-1], 1)]
