"""Paired bootstrap of the AP difference on synthetic cases: a real difference, none, and a worse model."""

import numpy as np
import pytest

from antifraud_training.compare.bootstrap import paired_bootstrap_ap
from antifraud_training.compare.promotion import decide


def synthetic(n: int = 4000, seed: int = 7):
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < 0.05).astype(int)
    signal = labels + rng.normal(0, 1.0, n)
    strong = signal + rng.normal(0, 0.2, n)
    weak = signal + rng.normal(0, 1.5, n)
    return labels, strong, weak


def test_a_clearly_better_model_is_significant():
    labels, strong, weak = synthetic()
    result = paired_bootstrap_ap(labels, strong, weak, resamples=1000, seed=1)
    assert result.difference > 0.05
    assert result.ci_low > 0
    assert result.p_value < 0.01
    assert len(result.differences) == 1000


def test_the_same_model_twice_shows_no_difference():
    labels, strong, _ = synthetic()
    result = paired_bootstrap_ap(labels, strong, strong.copy(), resamples=1000, seed=1)
    assert result.difference == 0.0
    assert (result.ci_low, result.ci_high) == (0.0, 0.0)
    assert result.p_value == 1.0


def test_two_equally_good_models_are_not_significant():
    rng = np.random.default_rng(3)
    labels = (rng.random(4000) < 0.05).astype(int)
    a = labels + rng.normal(0, 1.0, 4000)
    b = labels + rng.normal(0, 1.0, 4000)
    result = paired_bootstrap_ap(labels, a, b, resamples=1000, seed=2)
    assert result.ci_low < 0 < result.ci_high
    assert result.p_value > 0.05


def test_a_worse_challenger_gets_a_large_p_value():
    labels, strong, weak = synthetic()
    result = paired_bootstrap_ap(labels, weak, strong, resamples=1000, seed=1)
    assert result.difference < 0
    assert result.p_value > 0.99


def test_the_bootstrap_is_seeded():
    labels, strong, weak = synthetic()
    first = paired_bootstrap_ap(labels, strong, weak, resamples=1000, seed=5)
    again = paired_bootstrap_ap(labels, strong, weak, resamples=1000, seed=5)
    np.testing.assert_array_equal(first.differences, again.differences)


def test_too_few_resamples_or_unpaired_inputs_are_refused():
    labels, strong, weak = synthetic(200)
    with pytest.raises(ValueError, match="at least 1000"):
        paired_bootstrap_ap(labels, strong, weak, resamples=999)
    with pytest.raises(ValueError, match="same transactions"):
        paired_bootstrap_ap(labels, strong, weak[:-1])


def metrics(ap: float, cp: float = 0.3, auc: float = 0.87, declined: float = 0.01) -> dict:
    return {
        "average_precision": ap,
        "card_precision_at_100": cp,
        "auc_roc": auc,
        "at_threshold": {"legit_decline_share": declined},
    }


def test_promotion_needs_significance_and_every_guardrail():
    labels, strong, weak = synthetic()
    better = paired_bootstrap_ap(labels, strong, weak, resamples=1000, seed=1)
    same = paired_bootstrap_ap(labels, strong, strong.copy(), resamples=1000, seed=1)
    assert decide(metrics(0.7), 1e-7, metrics(0.6), better).promote
    assert not decide(metrics(0.7), 1e-7, metrics(0.7), same).promote
    worse_cards = decide(metrics(0.7, cp=0.25), 1e-7, metrics(0.6, cp=0.3), better)
    assert (worse_cards.promote, worse_cards.reason) == (
        False,
        "not promoted: card_precision_not_worse failed",
    )
    too_many_declines = decide(metrics(0.7, declined=0.06), 1e-7, metrics(0.6), better)
    assert not too_many_declines.promote and "legit_decline_share" in too_many_declines.reason
    assert not decide(metrics(0.7), 2e-5, metrics(0.6), better).promote


def test_the_first_model_is_promoted_with_that_reason_unless_a_guardrail_fails():
    first = decide(metrics(0.7), 1e-7, None, None)
    assert first.promote and first.reason.startswith("first model")
    assert [c.name for c in first.checks] == ["onnx_parity", "legit_decline_share", "min_average_precision"]
    assert not decide(metrics(0.1), 1e-7, None, None).promote
    assert not decide(metrics(0.7), 1e-7, None, None, incomparable="features differ").promote
