"""Customer windows, exact to the second: transactions of the same customer with time in
(t - window_days*86400, t], the current one included.

Ties: two transactions of a customer in the same second are ordered by transaction_id, and a window
holds the same-second transactions up to the current one. That is what the online scorer sees when it
replays the stream in (time, id) order, and it makes the value independent of input row order.
"""

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from antifraud_training.features.spec import Feature
from antifraud_training.raw_format import SECONDS_PER_DAY

CUSTOMER_KINDS = frozenset(
    {"customer_count", "customer_avg_amount", "customer_amount_ratio", "customer_max_over_avg"}
)


def window_days_of(feature: Feature) -> set[int]:
    """The customer windows a customer feature reads."""
    days = {feature.params["window_days"]}
    if feature.kind == "customer_max_over_avg":
        days.add(feature.params["avg_window_days"])
    return days


def _count_col(window_days: int) -> str:
    return f"_customer_count_{window_days}d"


def _sum_col(window_days: int) -> str:
    return f"_customer_sum_{window_days}d"


def _max_col(window_days: int) -> str:
    return f"_customer_max_{window_days}d"


def with_customer_windows(transactions: DataFrame, window_days: set[int]) -> DataFrame:
    """Adds the count, amount sum and largest amount of every requested window (helper columns,
    dropped by the caller). Same-second transactions after the current one are taken out of the
    count and sum; a maximum cannot be corrected by subtraction, so it is the larger of the earlier seconds'
    maximum and the same second's running maximum up to the current id."""
    same_second = Window.partitionBy("customer_id", "tx_time_seconds").orderBy("transaction_id")
    same_second_later = same_second.rowsBetween(1, Window.unboundedFollowing)
    same_second_so_far = same_second.rowsBetween(Window.unboundedPreceding, 0)
    frame = (
        transactions.withColumn("_later_count", F.count(F.lit(1)).over(same_second_later))
        .withColumn("_later_sum", F.coalesce(F.sum("tx_amount").over(same_second_later), F.lit(0.0)))
        .withColumn("_second_max", F.max("tx_amount").over(same_second_so_far))
    )
    for days in sorted(window_days):
        by_time = Window.partitionBy("customer_id").orderBy("tx_time_seconds")
        window = by_time.rangeBetween(-(days * SECONDS_PER_DAY - 1), 0)
        earlier_seconds = by_time.rangeBetween(-(days * SECONDS_PER_DAY - 1), -1)
        frame = frame.withColumn(_count_col(days), F.count(F.lit(1)).over(window) - F.col("_later_count"))
        frame = frame.withColumn(_sum_col(days), F.sum("tx_amount").over(window) - F.col("_later_sum"))
        earlier_max = F.max("tx_amount").over(earlier_seconds)
        # greatest() skips nulls: the first transaction of a window has no earlier seconds.
        frame = frame.withColumn(_max_col(days), F.greatest(earlier_max, F.col("_second_max")))
    return frame.drop("_later_count", "_later_sum", "_second_max")


def customer_column(feature: Feature):
    days = feature.params["window_days"]
    count, total = F.col(_count_col(days)), F.col(_sum_col(days))
    if feature.kind == "customer_count":
        return count.cast("double")
    if feature.kind == "customer_avg_amount":
        return total / count
    if feature.kind == "customer_amount_ratio":
        return F.col("tx_amount") / (total / count)
    if feature.kind == "customer_max_over_avg":
        avg_days = feature.params["avg_window_days"]
        return F.col(_max_col(days)) / (F.col(_sum_col(avg_days)) / F.col(_count_col(avg_days)))
    raise ValueError(f"{feature.name}: {feature.kind} is not a customer kind")


def helper_columns(window_days: set[int]) -> list[str]:
    return [name for days in window_days for name in (_count_col(days), _sum_col(days), _max_col(days))]
