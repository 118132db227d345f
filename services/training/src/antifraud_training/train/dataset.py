"""Feature table -> the training and evaluation rows of a split, as Spark frames (nothing is collected)."""

from datetime import date

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from antifraud_training.train.protocol import Split

KEYS = ["transaction_id", "customer_id", "terminal_id", "tx_time_seconds", "tx_fraud", "day"]


def days_between(features: DataFrame, first: date, last: date) -> DataFrame:
    """`day` is the table's partition column: only those days' files are read."""
    return features.where(F.col("day").between(F.lit(first), F.lit(last)))


def training_rows(features: DataFrame, split: Split) -> DataFrame:
    return days_between(features, split.train.first, split.train.last)


def evaluation_rows(features: DataFrame, split: Split) -> DataFrame:
    """Test days without the transactions of cards already known to be compromised (handbook 3.1): a row
    of day D goes when its card has a fraud on a day in [known_from, D - delay - 1], that is when the
    card's first fraud since known_from is on or before D - delay - 1."""
    known = (
        days_between(features, split.known_from, split.known_until(split.test.last))
        .where(F.col("tx_fraud") == 1)
        .groupBy("customer_id")
        .agg(F.min("day").alias("_known_since"))
    )
    return (
        days_between(features, split.test.first, split.test.last)
        .join(F.broadcast(known), on="customer_id", how="left")
        .where(
            F.col("_known_since").isNull()
            | (F.col("_known_since") > F.date_sub(F.col("day"), split.delay_days + 1))
        )
        .drop("_known_since")
    )


def matrix(rows: pd.DataFrame, feature_names: list[str]) -> np.ndarray:
    """float32, the type the ONNX model takes: training sees exactly what serving will see."""
    return rows[feature_names].to_numpy(dtype=np.float32)
