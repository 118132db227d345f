"""Per-transaction features that need nothing but the transaction itself (UTC session time zone)."""

from pyspark.sql import Column
from pyspark.sql import functions as F

from antifraud_training.features.spec import Feature

SUNDAY, SATURDAY = 1, 7  # Spark's dayofweek numbering


def calendar_column(feature: Feature) -> Column:
    if feature.kind == "tx_amount":
        return F.col("tx_amount")
    if feature.kind == "during_weekend":
        return F.dayofweek("tx_datetime").isin(SUNDAY, SATURDAY).cast("double")
    if feature.kind == "during_night":
        return (F.hour("tx_datetime") <= feature.params["night_end_hour"]).cast("double")
    raise ValueError(f"{feature.name}: {feature.kind} is not a per-transaction kind")
