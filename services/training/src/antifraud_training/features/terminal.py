"""Terminal windows on whole UTC days with a label delay: with D the transaction's day, the days
[D - delay_days - window_days, D - delay_days). They are batch features: the same daily aggregates
feed this job and the snapshot the online scorer loads, so both sides get identical values."""

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from antifraud_training.features.spec import Feature


def day_index(day_column: str = "day"):
    """Whole days since 1970-01-01."""
    return F.datediff(F.col(day_column), F.lit("1970-01-01").cast("date"))


def daily_aggregates(transactions: DataFrame) -> DataFrame:
    """One row per terminal and day with at least one transaction: nb_tx, nb_fraud."""
    return transactions.groupBy("terminal_id", "day").agg(
        F.count(F.lit(1)).alias("nb_tx"), F.sum("tx_fraud").cast("long").alias("nb_fraud")
    )


def _suffix(feature: Feature) -> str:
    return f"{feature.params['window_days']}d_{feature.params['delay_days']}delay"


def windowed_aggregates(daily: DataFrame, features: list[Feature]) -> DataFrame:
    """Per (terminal_id, day) present in `daily`: transaction and fraud counts over each feature's days."""
    frame = daily.withColumn("_day_index", day_index())
    for spec in {(f.params["window_days"], f.params["delay_days"]): f for f in features}.values():
        window_days, delay_days = spec.params["window_days"], spec.params["delay_days"]
        window = (
            Window.partitionBy("terminal_id")
            .orderBy("_day_index")
            .rangeBetween(-(delay_days + window_days), -(delay_days + 1))
        )
        frame = frame.withColumn(f"_tx_{_suffix(spec)}", F.coalesce(F.sum("nb_tx").over(window), F.lit(0)))
        frame = frame.withColumn(
            f"_fraud_{_suffix(spec)}", F.coalesce(F.sum("nb_fraud").over(window), F.lit(0))
        )
    return frame.drop("_day_index", "nb_tx", "nb_fraud")


def terminal_column(feature: Feature):
    tx, fraud = F.col(f"_tx_{_suffix(feature)}"), F.col(f"_fraud_{_suffix(feature)}")
    if feature.kind == "terminal_count":
        return tx.cast("double")
    if feature.kind == "terminal_risk":
        return F.when(tx > 0, fraud / tx).otherwise(F.lit(0.0))
    raise ValueError(f"{feature.name}: {feature.kind} is not a terminal kind")


def helper_columns(features: list[Feature]) -> list[str]:
    return [f"_{what}_{_suffix(f)}" for f in features for what in ("tx", "fraud")]
