"""Builders of tiny clean-transaction frames for the tests (origin 2018-04-01T00:00:00Z)."""

from datetime import UTC, datetime, timedelta

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

ORIGIN = datetime(2018, 4, 1, tzinfo=UTC)
CLEAN_SCHEMA = (
    "transaction_id long, tx_datetime timestamp, customer_id long, terminal_id long, tx_amount double, "
    "tx_time_seconds long, tx_time_days int, tx_fraud int, tx_fraud_scenario int"
)


def clean_frame(spark: SparkSession, rows: list[tuple[int, int, int, int, float, int]]) -> DataFrame:
    """rows: (transaction_id, customer_id, terminal_id, tx_time_seconds, tx_amount, tx_fraud)."""
    data = [
        (
            tx_id,
            (ORIGIN + timedelta(seconds=seconds)).replace(tzinfo=None),
            customer,
            terminal,
            float(amount),
            seconds,
            seconds // 86400,
            fraud,
            2 if fraud else 0,
        )
        for tx_id, customer, terminal, seconds, amount, fraud in rows
    ]
    return spark.createDataFrame(data, CLEAN_SCHEMA).withColumn("day", F.to_date("tx_datetime"))
