"""Protocol dates of the handbook and the removal of known compromised cards from the test set."""

from datetime import date, timedelta

import pandas as pd

from antifraud_training.train.dataset import evaluation_rows, training_rows
from antifraud_training.train.protocol import make_split, prequential_folds, split_ending_before


def test_handbook_baseline_split():
    split = make_split(date(2018, 7, 25), 7, 7, 7)
    assert split.as_dict() == {
        "train": {"first": "2018-07-25", "last": "2018-07-31", "days": 7},
        "delay_days": 7,
        "test": {"first": "2018-08-08", "last": "2018-08-14", "days": 7},
        "known_cards_from": "2018-07-25",
    }
    assert split == split_ending_before(date(2018, 8, 14), 7, 7, 7)


def test_validation_folds_are_the_handbooks():
    folds = prequential_folds(make_split(date(2018, 7, 25), 7, 7, 7), 4)
    assert [(f.train.first.isoformat(), f.test.first.isoformat()) for f in folds] == [
        ("2018-07-11", "2018-07-25"),
        ("2018-07-04", "2018-07-18"),
        ("2018-06-27", "2018-07-11"),
        ("2018-06-20", "2018-07-04"),
    ]


def test_a_longer_training_window_keeps_the_test_set_and_the_known_cards_rule():
    short, long = make_split(date(2018, 7, 25), 7, 7, 7), make_split(date(2018, 7, 4), 28, 7, 7)
    assert (long.test, long.known_from) == (short.test, short.known_from)
    fold = prequential_folds(long, 1)[0]
    assert (fold.train.days, fold.train.last, fold.test.first) == (28, date(2018, 7, 17), date(2018, 7, 25))


def test_known_compromised_cards_are_removed_day_by_day(spark):
    split = make_split(date(2018, 7, 25), 7, 7, 7)  # test 08-08..08-14, known from 07-25
    d = date.fromisoformat
    rows = pd.DataFrame(
        [
            (1, 10, d("2018-07-24"), 1),  # fraud before known_from: card 10 is not known
            (2, 11, d("2018-07-31"), 1),  # fraud in the training week: card 11 known from the first test day
            (3, 12, d("2018-08-01"), 1),  # known for test days >= 08-09 (D - 8)
            (4, 13, d("2018-08-08"), 1),  # a fraud on a test day: never known inside this test week
            (5, 10, d("2018-08-08"), 0),
            (6, 11, d("2018-08-08"), 0),
            (7, 12, d("2018-08-08"), 0),
            (8, 12, d("2018-08-09"), 0),
            (9, 13, d("2018-08-14"), 1),
        ],
        columns=["transaction_id", "customer_id", "day", "tx_fraud"],
    )
    frame = spark.createDataFrame(rows)
    ids = lambda f: sorted(r["transaction_id"] for r in f.select("transaction_id").collect())  # noqa: E731
    assert ids(evaluation_rows(frame, split)) == [4, 5, 7, 9]
    assert ids(training_rows(frame, split)) == [2]
    assert split.known_until(d("2018-08-09")) == d("2018-08-09") - timedelta(days=8)
