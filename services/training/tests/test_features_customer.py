"""Customer windows (t - n*86400 s, t], hand-computed, including the exact edges and same-second ties."""

from chispa import assert_approx_df_equality
from pyspark.sql import functions as F

from antifraud_training.features.build import build_features
from antifraud_training.features.spec import parse_feature
from frames import clean_frame

DAY = 86400
SPEC = [
    parse_feature({"name": "n1", "kind": "customer_count", "window_days": 1}),
    parse_feature({"name": "avg1", "kind": "customer_avg_amount", "window_days": 1}),
    parse_feature({"name": "ratio1", "kind": "customer_amount_ratio", "window_days": 1}),
    parse_feature({"name": "n7", "kind": "customer_count", "window_days": 7}),
    parse_feature({"name": "avg7", "kind": "customer_avg_amount", "window_days": 7}),
    parse_feature(
        {"name": "max1avg7", "kind": "customer_max_over_avg", "window_days": 1, "avg_window_days": 7}
    ),
]
# (transaction_id, customer_id, terminal_id, tx_time_seconds, tx_amount, tx_fraud), deliberately shuffled
ROWS = [
    (3, 1, 5, DAY, 30.0, 0),  # exactly 1 day after tx 1: tx 1 leaves the 1-day window
    (1, 1, 5, 0, 10.0, 0),
    (2, 1, 5, DAY - 1, 20.0, 0),  # one second inside the 1-day window of tx 3
    (4, 1, 5, 7 * DAY, 40.0, 0),  # exactly 7 days after tx 1: tx 1 leaves the 7-day window
    (6, 2, 5, 5000, 8.0, 1),  # same second as tx 5, larger id: sees tx 5
    (5, 2, 5, 5000, 4.0, 0),
    (7, 3, 5, 100 * DAY, 12.5, 0),  # alone: the window holds only itself
    (9, 4, 5, 200 * DAY + 10, 5.0, 0),  # the 1-day maximum is an earlier transaction's
    (8, 4, 5, 200 * DAY, 50.0, 0),
    (10, 4, 5, 201 * DAY + 10, 1.0, 0),  # tx 8 and tx 9 have left its 1-day window, not its 7-day one
]
EXPECTED = [
    # id, n1, avg1, ratio1, n7, avg7, max1avg7 (tx 5 does not see tx 6's larger same-second amount)
    (1, 1.0, 10.0, 1.0, 1.0, 10.0, 1.0),
    (2, 2.0, 15.0, 20.0 / 15.0, 2.0, 15.0, 20.0 / 15.0),
    (3, 2.0, 25.0, 30.0 / 25.0, 3.0, 20.0, 30.0 / 20.0),
    (4, 1.0, 40.0, 1.0, 3.0, 30.0, 40.0 / 30.0),
    (5, 1.0, 4.0, 1.0, 1.0, 4.0, 1.0),
    (6, 2.0, 6.0, 8.0 / 6.0, 2.0, 6.0, 8.0 / 6.0),
    (7, 1.0, 12.5, 1.0, 1.0, 12.5, 1.0),
    (8, 1.0, 50.0, 1.0, 1.0, 50.0, 1.0),
    (9, 2.0, 27.5, 5.0 / 27.5, 2.0, 27.5, 50.0 / 27.5),
    (10, 1.0, 1.0, 1.0, 3.0, 56.0 / 3.0, 1.0 / (56.0 / 3.0)),
]


def test_customer_windows_match_hand_computed_values(spark):
    features = build_features(clean_frame(spark, ROWS), SPEC).select(
        "transaction_id", *[f.name for f in SPEC]
    )
    expected = spark.createDataFrame(
        EXPECTED,
        "transaction_id long, n1 double, avg1 double, ratio1 double, n7 double, avg7 double, max1avg7 double",
    )
    assert_approx_df_equality(
        features.orderBy("transaction_id"), expected, precision=1e-12, ignore_nullable=True
    )


def test_one_row_out_per_transaction_in_with_features_in_spec_order(spark):
    features = build_features(clean_frame(spark, ROWS), SPEC)
    assert features.columns[-len(SPEC) :] == [f.name for f in SPEC]
    assert sorted(r["transaction_id"] for r in features.collect()) == sorted(r[0] for r in ROWS)
    assert features.where(F.col("n1").isNull()).count() == 0
