"""Paired bootstrap of the difference in average precision between two models scored on the same
transactions. Each resample draws transactions with replacement (as multiplicities) and applies the
same draw to both models, so the pairing is kept.

One-sided p-value for H0 "the challenger is not better": the bootstrap distribution of the
difference is shifted to be centred on 0 and p = (1 + #{d_b - d >= d}) / (B + 1), with d the observed
difference (Efron & Tibshirani's translated bootstrap test; the same test as Berg-Kirkpatrick et al. 2012).
"""

from dataclasses import dataclass, field

import numpy as np

from antifraud_training.evaluate.ranking import average_precision

MIN_RESAMPLES = 1000


class _WeightedAP:
    """Average precision under integer weights, with the sort done once."""

    def __init__(self, labels: np.ndarray, scores: np.ndarray) -> None:
        self.order = np.argsort(-scores, kind="mergesort")
        sorted_scores = scores[self.order]
        self.last_of_group = np.r_[np.nonzero(np.diff(sorted_scores))[0], len(sorted_scores) - 1]
        self.labels = labels[self.order].astype(np.float64)

    def __call__(self, weights: np.ndarray) -> float:
        w = weights[self.order]
        tp = np.cumsum(w * self.labels)[self.last_of_group]
        counted = np.cumsum(w)[self.last_of_group]
        precision = np.divide(tp, counted, out=np.zeros_like(tp), where=counted > 0)
        return float(np.sum(np.diff(np.r_[0.0, tp / tp[-1]]) * precision))


@dataclass(frozen=True)
class BootstrapResult:
    challenger_ap: float
    champion_ap: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    resamples: int
    seed: int
    confidence: float
    differences: np.ndarray = field(repr=False)

    def as_dict(self) -> dict:
        return {
            "metric": "average_precision",
            "challenger": self.challenger_ap,
            "champion": self.champion_ap,
            "difference": self.difference,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": self.confidence,
            "p_value_one_sided": self.p_value,
            "resamples": self.resamples,
            "seed": self.seed,
            "method": "paired bootstrap over test transactions, shifted-null one-sided test",
        }


def paired_bootstrap_ap(
    labels,
    challenger_scores,
    champion_scores,
    resamples: int = MIN_RESAMPLES,
    seed: int = 0,
    confidence: float = 0.95,
) -> BootstrapResult:
    y = np.asarray(labels, dtype=np.int64)
    a, b = np.asarray(challenger_scores, dtype=np.float64), np.asarray(champion_scores, dtype=np.float64)
    if not (len(y) == len(a) == len(b)):
        raise ValueError("both models must be scored on the same transactions")
    if resamples < MIN_RESAMPLES:
        raise ValueError(f"at least {MIN_RESAMPLES} resamples, got {resamples}")
    if y.sum() == 0:
        raise ValueError("the test set has no fraud: average precision is undefined")
    challenger, champion = _WeightedAP(y, a), _WeightedAP(y, b)
    rng = np.random.default_rng(seed)
    n = len(y)
    differences = np.empty(resamples)
    drawn = 0
    while drawn < resamples:
        weights = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
        if weights @ y == 0:
            continue  # AP is undefined on a resample without fraud; draw again
        differences[drawn] = challenger(weights) - champion(weights)
        drawn += 1
    ap_a, ap_b = average_precision(y, a), average_precision(y, b)
    observed = ap_a - ap_b
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(differences, [tail, 1.0 - tail])
    p_value = (1 + int(np.sum(differences - observed >= observed))) / (resamples + 1)
    return BootstrapResult(
        challenger_ap=ap_a,
        champion_ap=ap_b,
        difference=observed,
        ci_low=float(low),
        ci_high=float(high),
        p_value=p_value,
        resamples=resamples,
        seed=seed,
        confidence=confidence,
        differences=differences,
    )
