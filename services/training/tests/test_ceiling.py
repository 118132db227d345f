from datetime import date

import numpy as np
import pandas as pd

from antifraud_training.ceiling import ceiling_rankings, revealable_frauds


def frame(rows):
    return pd.DataFrame(rows, columns=["day", "customer_id", "terminal_id", "tx_fraud", "tx_fraud_scenario"])


D = date(2018, 8, 20)


def test_revealable_frauds_terminal_scenario_only_with_a_fraud_inside_the_lag_window():
    test = frame(
        [
            (D, 1, 10, 1, 1),  # amount anomaly: always revealable
            (D, 2, 11, 1, 3),  # compromised card: always revealable
            (D, 3, 12, 1, 2),  # terminal fraud on D - 8: revealable
            (D, 4, 13, 1, 2),  # terminal fraud on D - 7 only: too recent for the delayed labels
            (D, 5, 14, 1, 2),  # terminal fraud on D - 38 only: older than the window
            (D, 6, 15, 1, 2),  # terminal fraud on D - 37: revealable
            (D, 7, 12, 0, 0),  # legitimate: never
            (D, 8, 16, 1, 2),  # no fraud history at all
        ]
    )
    history = frame(
        [
            (date(2018, 8, 12), 90, 12, 1, 2),
            (date(2018, 8, 13), 91, 13, 1, 2),
            (date(2018, 7, 13), 92, 14, 1, 2),
            (date(2018, 7, 14), 93, 15, 1, 2),
            (date(2018, 8, 12), 94, 16, 1, 1),  # a scenario-1 fraud says nothing about the terminal
        ]
    )
    assert revealable_frauds(test, history, 8, 37).tolist() == [
        True,
        True,
        True,
        False,
        False,
        True,
        False,
        False,
    ]


def test_ceiling_rankings_move_revealable_frauds_to_the_top():
    # 150 legitimate cards outscore two fraud cards on one day; only card 1000's fraud is revealable.
    legit = [(D, c, 1, 0, 0) for c in range(150)]
    test = frame([*legit, (D, 1000, 2, 1, 1), (D, 1001, 3, 1, 2)])
    scores = np.array([0.9] * 150 + [0.1, 0.1])
    revealable = np.array([False] * 150 + [True, False])
    assert ceiling_rankings(test, scores, revealable) == {
        "model": 0.0,
        "visible_oracle": 0.01,
        "oracle": 0.02,
    }
