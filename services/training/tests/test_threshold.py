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


def test_metrics_at_is_zero_where_a_ratio_has_nothing_to_divide():
    # nothing declined: precision, recall and F1 are 0, not undefined
    m = metrics_at([1, 0], [0.5, 0.4], 0.9)
    assert (m.precision, m.recall, m.f1, m.decline_share) == (0.0, 0.0, 0.0, 0.0)
    # no frauds: recall 0; no legitimate transactions: legit decline share 0; no rows: decline share 0
    assert metrics_at([0, 0], [0.5, 0.4], 0.1).recall == 0.0
    assert metrics_at([1, 1], [0.5, 0.4], 0.1).legit_decline_share == 0.0
    assert metrics_at([], [], 0.5).decline_share == 0.0


def test_metrics_at_f1_when_precision_equals_recall():
    m = metrics_at([1, 0, 1, 0], [0.9, 0.8, 0.1, 0.1], 0.8)  # tp 1, fp 1, fn 1
    assert (m.precision, m.recall, m.f1) == (0.5, 0.5, 0.5)


def test_the_lowest_score_is_a_candidate_threshold():
    chosen = select_threshold(np.array([1, 1]), np.array([0.9, 0.1]), 0.05)
    assert (chosen.threshold, chosen.f1, chosen.decline_share) == (0.1, 1.0, 1.0)


def test_the_limit_on_declined_legitimate_transactions_is_inclusive():
    # 2 legitimate, limit 1/2: one may be declined. .9 declines one legitimate for no fraud (F1 0);
    # .8 declines one legitimate and the fraud (F1 2/3); .1 declines both legitimate (not allowed).
    chosen = select_threshold(np.array([0, 1, 0]), np.array([0.9, 0.8, 0.1]), 0.5)
    assert (chosen.threshold, chosen.f1, chosen.legit_decline_share) == (0.8, pytest.approx(2 / 3), 0.5)


def test_the_limit_counts_legitimate_transactions_only():
    # 1 legitimate, limit 1/2: declining it is not allowed, so nothing is declined
    chosen = select_threshold(np.array([0, 1]), np.array([0.9, 0.1]), 0.5)
    assert chosen.threshold > 0.9
    assert chosen.decline_share == 0.0
