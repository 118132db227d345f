"""Terminal windows on whole UTC days [D - delay - n, D - delay), plus the calendar features."""

from chispa import assert_approx_df_equality

from antifraud_training.features.build import build_features
from antifraud_training.features.spec import parse_feature
from frames import clean_frame

DAY = 86400
SPEC = [
    parse_feature({"name": "weekend", "kind": "during_weekend"}),
    parse_feature({"name": "night", "kind": "during_night", "night_end_hour": 6}),
    parse_feature({"name": "t_n1", "kind": "terminal_count", "window_days": 1, "delay_days": 7}),
    parse_feature({"name": "t_r1", "kind": "terminal_risk", "window_days": 1, "delay_days": 7}),
    parse_feature({"name": "t_n7", "kind": "terminal_count", "window_days": 7, "delay_days": 7}),
    parse_feature({"name": "t_r7", "kind": "terminal_risk", "window_days": 7, "delay_days": 7}),
]
# Day 0 is Sunday 2018-04-01. (transaction_id, customer_id, terminal_id, tx_time_seconds, amount, fraud)
ROWS = [
    (1, 1, 9, DAY - 1, 10.0, 1),  # day 0, 23:59:59
    (2, 2, 9, 6 * 3600 + 3599, 10.0, 0),  # day 0, 06:59:59 (night)
    (3, 3, 9, DAY, 10.0, 0),  # day 1, 00:00:00: a new day
    (4, 4, 9, 7 * DAY + 7 * 3600, 10.0, 0),  # day 7 (Sunday) 07:00: days [-1, 0) are empty
    (5, 5, 9, 8 * DAY, 10.0, 0),  # day 8: 1-day window is day 0, 7-day window is days -6..0
    (6, 6, 9, 9 * DAY + 5, 10.0, 1),  # day 9: 1-day window is day 1, 7-day window is days -5..1
    (
        7,
        7,
        9,
        15 * DAY,
        10.0,
        0,
    ),  # day 15: 1-day window is day 7, 7-day window is days 1..7 (day 0 just left)
    (8, 8, 4, 9 * DAY, 10.0, 0),  # another terminal: its history is empty
]
EXPECTED = [
    # id, weekend, night, t_n1, t_r1, t_n7, t_r7
    (1, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    (2, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0),
    (3, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0),
    (4, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    (5, 0.0, 1.0, 2.0, 0.5, 2.0, 0.5),
    (6, 0.0, 1.0, 1.0, 0.0, 3.0, 1.0 / 3.0),
    (7, 0.0, 1.0, 1.0, 0.0, 2.0, 0.0),
    (8, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0),
]


def test_terminal_windows_and_calendar_match_hand_computed_values(spark):
    features = build_features(clean_frame(spark, ROWS), SPEC).select(
        "transaction_id", *[f.name for f in SPEC]
    )
    expected = spark.createDataFrame(
        EXPECTED,
        "transaction_id long, weekend double, night double, "
        "t_n1 double, t_r1 double, t_n7 double, t_r7 double",
    )
    assert_approx_df_equality(
        features.orderBy("transaction_id"), expected, precision=1e-12, ignore_nullable=True
    )
