"""Clean transactions -> the model inputs of the spec, in its order, one row per transaction."""

from pyspark.sql import DataFrame

from antifraud_training.features.calendar import calendar_column
from antifraud_training.features.customer import (
    CUSTOMER_KINDS,
    customer_column,
    window_days_of,
    with_customer_windows,
)
from antifraud_training.features.customer import helper_columns as customer_helpers
from antifraud_training.features.spec import TERMINAL_KINDS, Feature
from antifraud_training.features.terminal import daily_aggregates, terminal_column, windowed_aggregates
from antifraud_training.features.terminal import helper_columns as terminal_helpers

KEY_COLUMNS = [
    "transaction_id",
    "tx_datetime",
    "customer_id",
    "terminal_id",
    "tx_time_seconds",
    "tx_fraud",
    "tx_fraud_scenario",
    "day",
]


def build_features(transactions: DataFrame, features: list[Feature] | tuple[Feature, ...]) -> DataFrame:
    """Key columns followed by one double column per feature, named and ordered as in the spec."""
    clashes = sorted({f.name for f in features} & set(KEY_COLUMNS))
    if clashes:
        raise ValueError(f"feature names clash with key columns: {clashes}")
    customer = [f for f in features if f.kind in CUSTOMER_KINDS]
    terminal = [f for f in features if f.kind in TERMINAL_KINDS]
    customer_days = set().union(*(window_days_of(f) for f in customer))
    frame = with_customer_windows(transactions, customer_days) if customer else transactions
    if terminal:
        windows = windowed_aggregates(daily_aggregates(transactions), terminal)
        frame = frame.join(windows, on=["terminal_id", "day"], how="left")
    columns = []
    for feature in features:
        if feature.kind in CUSTOMER_KINDS:
            column = customer_column(feature)
        elif feature.kind in TERMINAL_KINDS:
            column = terminal_column(feature)
        else:
            column = calendar_column(feature)
        columns.append(column.cast("double").alias(feature.name))
    helpers = customer_helpers(customer_days) + terminal_helpers(terminal)
    return frame.select(*KEY_COLUMNS, *columns).drop(*helpers)
