"""Paired bootstrap of the AP difference on synthetic cases: a real difference, none, and a worse model."""

import numpy as np
import pytest

from antifraud_training.compare.bootstrap import BootstrapResult, _WeightedAP, paired_bootstrap_ap
from antifraud_training.compare.promotion import Guardrails, decide
from antifraud_training.evaluate.ranking import average_precision


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


def test_weighted_ap_equals_average_precision_under_the_same_weights():
    labels = np.array([1, 0, 1, 0, 1, 0])
    scores = np.array([0.9, 0.9, 0.5, 0.4, 0.1, 0.1])  # ties at the top and in the last group
    weighted = _WeightedAP(labels, scores)
    for weights in ([1, 1, 1, 1, 1, 1], [0, 2, 1, 0, 3, 1], [0, 0, 1, 1, 0, 2], [1, 0, 0, 0, 1, 1]):
        w = np.array(weights, dtype=np.float64)
        assert weighted(w) == pytest.approx(average_precision(labels, scores, w))


def test_resamples_without_fraud_are_drawn_again_and_every_row_can_be_drawn():
    # one fraud, in the first row: most resamples of 10 rows miss it and are drawn again
    labels = np.array([1] + [0] * 9)
    challenger = np.linspace(1.0, 0.1, 10)
    champion = challenger[::-1].copy()
    result = paired_bootstrap_ap(labels, challenger, champion, resamples=1000, seed=3)
    assert len(result.differences) == 1000
    assert np.isfinite(result.differences).all()
    # the fraud ranks first for the challenger (AP 1) and last for the champion (AP 1/10)
    assert (result.challenger_ap, result.champion_ap) == (1.0, pytest.approx(0.1))
    assert result.differences.min() > 0


def bootstrap_result(p_value: float, ci_low: float) -> BootstrapResult:
    return BootstrapResult(0.7, 0.6, 0.1, ci_low, 0.2, p_value, 1000, 0, 0.95, np.zeros(1000))


def test_every_guardrail_holds_at_its_limit_and_the_significance_test_is_strict():
    g = Guardrails(max_card_precision_drop=0.25, max_auc_drop=0.25)
    challenger = metrics(0.2, cp=0.25, auc=0.5, declined=0.05)  # AP, declines at their limits
    champion = metrics(0.1, cp=0.5, auc=0.75)  # CP@100 and AUC drops exactly 0.25
    promoted = decide(challenger, 1e-6, champion, bootstrap_result(0.01, 0.01), g)
    assert [(c.name, c.passed) for c in promoted.checks] == [
        ("onnx_parity", True),
        ("legit_decline_share", True),
        ("min_average_precision", True),
        ("significantly_better_ap", True),
        ("card_precision_not_worse", True),
        ("auc_not_worse", True),
    ]
    assert (promoted.promote, promoted.reason) == (
        True,
        "significantly better average precision than the champion, every guardrail holds",
    )
    # ONNX parity is strict; so are p < alpha and CI low > 0, and both are needed
    assert decide(challenger, 1e-5, champion, bootstrap_result(0.01, 0.01), g).reason == (
        "not promoted: onnx_parity failed"
    )
    for p_value, ci_low in ((0.05, 0.01), (0.01, 0.0), (0.01, -0.01), (0.2, 0.01)):
        rejected = decide(challenger, 1e-6, champion, bootstrap_result(p_value, ci_low), g)
        assert (rejected.promote, rejected.reason) == (False, "not promoted: significantly_better_ap failed")


def test_decisions_carry_their_reason_and_checks():
    failed_first = decide(metrics(0.1), 2e-5, None, None)
    assert (failed_first.promote, failed_first.reason) == (
        False,
        "first model, not promoted: guardrails failed: onnx_parity, min_average_precision",
    )
    assert [c.name for c in failed_first.checks] == [
        "onnx_parity",
        "legit_decline_share",
        "min_average_precision",
    ]
    # a champion without a bootstrap is judged as a first model
    no_bootstrap = decide(metrics(0.7), 1e-7, metrics(0.6), None)
    assert (no_bootstrap.promote, no_bootstrap.reason) == (
        True,
        "first model: no champion to compare with, every guardrail holds",
    )
    incomparable = decide(metrics(0.7), 1e-7, metrics(0.6), None, incomparable="features differ")
    assert incomparable.as_dict() == {
        "promote": False,
        "reason": "not promoted: the champion cannot be compared: features differ",
        "checks": [
            {"name": "onnx_parity", "passed": True, "detail": "max |onnx - model| = 1e-07 (limit 1e-05)"},
            {
                "name": "legit_decline_share",
                "passed": True,
                "detail": "0.0100 of legitimate test transactions declined (limit 0.05)",
            },
            {"name": "min_average_precision", "passed": True, "detail": "AP 0.7000 (floor 0.2)"},
        ],
    }
    two_failed = decide(metrics(0.7, cp=0.2, auc=0.8), 1e-7, metrics(0.6), bootstrap_result(0.01, 0.01))
    assert two_failed.reason == "not promoted: card_precision_not_worse, auc_not_worse failed"
    assert len(two_failed.checks) == 6


def test_the_bootstrap_report_names_its_metric_and_method():
    result = paired_bootstrap_ap(*synthetic(400)[:2], synthetic(400)[2], resamples=1000, seed=2)
    assert result.as_dict() == {
        "metric": "average_precision",
        "challenger": result.challenger_ap,
        "champion": result.champion_ap,
        "difference": result.difference,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "confidence": 0.95,
        "p_value_one_sided": result.p_value,
        "resamples": 1000,
        "seed": 2,
        "method": "paired bootstrap over test transactions, shifted-null one-sided test",
    }


def test_the_interval_is_the_central_quantiles_of_the_resampled_differences_and_seed_0_is_the_default():
    labels, strong, weak = synthetic(400)
    result = paired_bootstrap_ap(labels, strong, weak)
    assert (result.resamples, result.seed, result.confidence) == (1000, 0, 0.95)
    low, high = np.quantile(result.differences, [0.025, 0.975])
    assert (result.ci_low, result.ci_high) == (pytest.approx(low, rel=1e-9), pytest.approx(high, rel=1e-9))
