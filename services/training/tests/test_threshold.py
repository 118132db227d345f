"""Threshold choice: best F1 with at most 5 % of legitimate transactions declined."""

import numpy as np
import pytest

from antifraud_training.evaluate.threshold import metrics_at, select_threshold


def constructed_case():
    """20 legitimate + 4 frauds. The unconstrained best F1 declines 3 legitimate transactions (15 %)."""
    legit = [0.95, 0.9, 0.85] + [0.1] * 17
    fraud = [0.97, 0.88, 0.8, 0.7]
    return np.array([0] * 20 + [1] * 4), np.array(legit + fraud)


def test_unconstrained_best_f1_declines_too_many_legitimate_transactions():
    labels, scores = constructed_case()
    best = select_threshold(labels, scores, max_legit_decline_share=1.0)
    assert best.threshold == 0.7
    assert best.f1 == pytest.approx(8 / 11)  # tp 4, fp 3, fn 0
    assert best.legit_decline_share == pytest.approx(3 / 20)


def test_constraint_picks_the_best_allowed_threshold():
    labels, scores = constructed_case()
    chosen = select_threshold(labels, scores, max_legit_decline_share=0.05)
    # allowed: at most 1 legitimate declined. Thresholds .97 (tp1 fp0, F1 2/5) and .95 (tp1 fp1, F1 2/6)
    # and .9 (tp1 fp2: not allowed). Best allowed: 0.97.
    assert chosen.threshold == 0.97
    assert (chosen.precision, chosen.recall, chosen.f1) == (1.0, 0.25, pytest.approx(0.4))
    assert chosen.legit_decline_share == 0.0
    assert chosen.decline_share == pytest.approx(1 / 24)


def test_ties_in_f1_go_to_the_higher_threshold():
    labels, scores = np.array([1, 0, 0, 0]), np.array([0.9, 0.5, 0.4, 0.3])
    assert select_threshold(labels, scores, 0.5).threshold == 0.9


def test_no_useful_threshold_declines_nothing():
    labels, scores = np.array([0, 0, 1]), np.array([0.9, 0.8, 0.1])
    chosen = select_threshold(labels, scores, 0.0)
    assert chosen.threshold > 0.9
    assert (chosen.decline_share, chosen.recall) == (0.0, 0.0)


def test_metrics_at_declines_scores_equal_to_the_threshold():
    m = metrics_at([1, 0, 1], [0.5, 0.5, 0.2], 0.5)
    assert (m.precision, m.recall, m.legit_decline_share) == (0.5, 0.5, 1.0)
