"""Writing a table partitioned by day with bounded files and parallel writers.

A plain repartition("day") sends each day through one task: a real-size day (47 million rows) would be
written by one core into one file. Each day is cut into slices of at most ROWS_PER_FILE rows by a hash of
the transaction id; each (day, slice) is one file, written by one of `writer_tasks` tasks (as many as the
rows need, at least one per task slot, never more than the files: a task per small day costs more in
scheduling than the writing).
"""

import math

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

ROWS_PER_FILE = 2_000_000


def slices_per_day(rows_by_day: dict[str, int], rows_per_file: int = ROWS_PER_FILE) -> int:
    """Files per day so that the largest day's files hold at most `rows_per_file` rows each."""
    if rows_per_file < 1:
        raise ValueError(f"rows_per_file must be >= 1, got {rows_per_file}")
    return max(1, math.ceil(max(rows_by_day.values(), default=0) / rows_per_file))


def writer_tasks(rows_by_day: dict[str, int], slots: int, rows_per_file: int = ROWS_PER_FILE) -> int:
    files = max(1, len(rows_by_day) * slices_per_day(rows_by_day, rows_per_file))
    needed = math.ceil(sum(rows_by_day.values()) / rows_per_file)
    return min(files, max(needed, slots))


def write_by_day(
    frame: DataFrame,
    path: str,
    rows_by_day: dict[str, int],
    rows_per_file: int = ROWS_PER_FILE,
    keep_other_days: bool = False,
) -> None:
    """Writes `frame` under `path` by day. By default the table becomes exactly these days; with
    `keep_other_days` only the days in `frame` are replaced (a daily append that a rerun of the same day
    repeats exactly)."""
    slices = slices_per_day(rows_by_day, rows_per_file)
    writers = writer_tasks(rows_by_day, frame.sparkSession.sparkContext.defaultParallelism, rows_per_file)
    (
        frame.withColumn("_slice", F.pmod(F.xxhash64("transaction_id"), F.lit(slices)))
        .repartition(writers, "day", "_slice")
        .drop("_slice")
        .write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic" if keep_other_days else "static")
        # Slices hashed into the same task share its file: this keeps every file within the bound.
        .option("maxRecordsPerFile", rows_per_file)
        .partitionBy("day")
        .parquet(path)
    )
