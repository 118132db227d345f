"""Feature table -> the training and test sets of a split (pandas on the driver)."""

from datetime import date

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from antifraud_training.train.protocol import Split

COLUMNS = ["transaction_id", "customer_id", "terminal_id", "tx_time_seconds", "tx_fraud", "day"]


def collect_days(features: DataFrame, feature_names: list[str], first: date, last: date) -> pd.DataFrame:
    """The rows of days [first, last], ordered by transaction id, with `day` as a datetime.date."""
    frame = (
        features.where(F.col("day").between(F.lit(first), F.lit(last)))
        .select(*COLUMNS, *feature_names)
        .toPandas()
    )
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame.sort_values("transaction_id", kind="mergesort").reset_index(drop=True)


def training_rows(data: pd.DataFrame, split: Split) -> pd.DataFrame:
    return data[(data["day"] >= split.train.first) & (data["day"] <= split.train.last)]


def evaluation_rows(data: pd.DataFrame, split: Split) -> pd.DataFrame:
    """Test days, without the transactions of cards already known to be compromised (handbook 3.1)."""
    frauds = data[data["tx_fraud"] == 1][["day", "customer_id"]]
    kept = []
    for offset in range(split.test.days):
        day = split.test.first + pd.Timedelta(days=offset).to_pytimedelta()
        known = frauds[(frauds["day"] >= split.known_from) & (frauds["day"] <= split.known_until(day))]
        rows = data[data["day"] == day]
        kept.append(rows[~rows["customer_id"].isin(set(known["customer_id"]))])
    return pd.concat(kept, ignore_index=True) if kept else data.iloc[0:0]


def matrix(rows: pd.DataFrame, feature_names: list[str]) -> np.ndarray:
    """float32, the type the ONNX model takes: training sees exactly what serving will see."""
    return rows[feature_names].to_numpy(dtype=np.float32)
