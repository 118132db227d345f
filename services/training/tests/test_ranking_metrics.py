"""AUC ROC, average precision and card precision@k on hand-computed cases."""

import numpy as np
import pytest

from antifraud_training.evaluate.card_precision import card_precision_at_k
from antifraud_training.evaluate.ranking import average_precision, roc_auc, roc_points


def test_auc_counts_correctly_ordered_pairs_and_half_ties():
    # positives 0.9 and 0.4 vs negatives 0.5, 0.4, 0.1: 0.9 wins 3 pairs; 0.4 loses 1, ties 1, wins 1
    assert roc_auc([1, 0, 1, 0, 0], [0.9, 0.5, 0.4, 0.4, 0.1]) == pytest.approx(4.5 / 6)


def test_auc_extremes():
    assert roc_auc([1, 1, 0, 0], [4, 3, 2, 1]) == 1.0
    assert roc_auc([1, 1, 0, 0], [1, 2, 3, 4]) == 0.0
    assert roc_auc([1, 0, 1, 0], [7, 7, 7, 7]) == 0.5


def test_average_precision_is_the_step_sum_over_thresholds():
    # ranking 1 0 1 0: recall steps 0.5 at precision 1, 0.5 at precision 2/3 -> 0.5 + 1/3
    assert average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx(0.5 + 1 / 3)


def test_average_precision_treats_tied_scores_as_one_threshold():
    # one threshold holding both rows: precision 1/2, recall 1
    assert average_precision([1, 0], [0.5, 0.5]) == pytest.approx(0.5)
    assert average_precision([0, 1, 1], [0.3, 0.3, 0.9]) == pytest.approx(0.5 * 1 + 0.5 * (2 / 3))


def test_average_precision_weights_equal_repeated_rows():
    labels, scores = np.array([1, 0, 1, 0]), np.array([0.9, 0.8, 0.7, 0.1])
    weights = np.array([2, 1, 0, 3])
    repeated = np.repeat(np.arange(4), weights)
    assert average_precision(labels, scores, weights) == pytest.approx(
        average_precision(labels[repeated], scores[repeated])
    )


def test_auc_with_a_single_legitimate_transaction():
    assert roc_auc([1, 0], [0.9, 0.1]) == 1.0


def test_average_precision_ignores_a_top_ranked_row_of_weight_zero():
    # the 0.9 row weighs nothing: AP is that of the 0.8 (legitimate) and 0.7 (fraud) rows alone
    assert average_precision([1, 0, 1], [0.9, 0.8, 0.7], [0, 1, 1]) == pytest.approx(0.5)


def test_roc_points_step_through_each_distinct_threshold_from_the_origin():
    fpr, tpr = roc_points([1, 0, 1, 0], [0.9, 0.8, 0.8, 0.1])
    # thresholds .9 (tp 1, fp 0), .8 (tp 2, fp 1), .1 (tp 2, fp 2)
    assert fpr.tolist() == [0.0, 0.0, 0.5, 1.0]
    assert tpr.tolist() == [0.0, 0.5, 1.0, 1.0]
    # rates are shares of the last point's counts
    assert [r.tolist() for r in roc_points([1, 0], [0.9, 0.1])] == [[0.0, 0.0, 1.0], [0.0, 1.0, 1.0]]
    fpr, tpr = roc_points([1, 0, 1], [0.9, 0.5, 0.1])
    assert (fpr.tolist(), tpr.tolist()) == ([0.0, 0.0, 1.0, 1.0], [0.0, 0.5, 0.5, 1.0])
    # without frauds the true positive rate stays 0 instead of dividing by zero
    fpr, tpr = roc_points([0, 0], [0.2, 0.1])
    assert (fpr.tolist(), tpr.tolist()) == ([0.0, 0.5, 1.0], [0.0, 0.0, 0.0])


def test_metrics_refuse_bad_input():
    with pytest.raises(ValueError, match="1-D of the same length"):
        roc_auc([1, 0, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="both classes"):
        roc_auc([0, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match="at least one fraud"):
        average_precision([0, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match="0 or 1"):
        roc_auc([0, 2], [0.1, 0.2])


def test_card_precision_groups_by_card_and_removes_cards_caught_earlier():
    days = [1, 1, 1, 1, 2, 2, 2]
    customers = [10, 10, 11, 12, 10, 11, 12]
    labels = [0, 1, 0, 0, 1, 0, 1]
    scores = [0.9, 0.1, 0.8, 0.2, 0.99, 0.5, 0.4]
    # day 1, k=2: card 10 (max score .9, max label 1) and card 11 (.8, 0) -> 1/2; card 10 is caught.
    # day 2: card 10 removed; card 11 (.5, 0) then card 12 (.4, 1) -> 1/2.
    result = card_precision_at_k(days, customers, labels, scores, k=2)
    assert result.per_day == [0.5, 0.5]
    assert result.mean == 0.5


def test_card_precision_divides_by_k_even_when_fewer_cards():
    result = card_precision_at_k([1, 1], [1, 2], [1, 1], [0.5, 0.6], k=100)
    assert result.per_day == [0.02]


def test_card_precision_ranks_cards_by_score_then_by_card_id_and_keeps_only_k():
    # distinct scores: card 2 (.9, fraud) outranks card 1 (.1) whatever the input order
    assert card_precision_at_k([1, 1], [1, 2], [0, 1], [0.1, 0.9], k=1).per_day == [1.0]
    # equal scores: the lower card id comes first, and only k cards count
    assert card_precision_at_k([1, 1], [5, 3], [0, 1], [0.5, 0.5], k=1).per_day == [1.0]
    assert card_precision_at_k([1, 1], [5, 3], [1, 0], [0.5, 0.5], k=1).per_day == [0.0]


def test_card_precision_walks_days_in_order_and_drops_caught_cards_from_later_days():
    # rows out of day order. Day 1: cards 10 (.8, fraud) and 12 (.2) -> 1/2, card 10 caught.
    # Day 2: card 10 removed although it scores highest; 13 (.5, fraud) and 11 (.1) -> 1/2.
    days, customers = [2, 2, 2, 1, 1], [10, 11, 13, 10, 12]
    labels, scores = [1, 0, 1, 1, 0], [0.9, 0.1, 0.5, 0.8, 0.2]
    result = card_precision_at_k(days, customers, labels, scores, k=2)
    assert result.per_day == [0.5, 0.5]
    assert result.mean == 0.5


def test_card_precision_defaults_to_k_100_and_is_nan_without_days():
    assert card_precision_at_k([1, 1], [1, 2], [1, 1], [0.5, 0.6]).per_day == [0.02]
    empty = card_precision_at_k([], [], [], [])
    assert empty.per_day == []
    assert np.isnan(empty.mean)
