"""Terminal daily aggregates snapshot loaded by the online scorer (format in services/training/README.md).

It holds, per terminal, the transaction and fraud counts of every day with transactions in the last
`retention_days` days up to and including `as_of_day`, where retention_days = max(delay + window) of
the spec. That is exactly what terminal_count / terminal_risk read for transactions on days
as_of_day + 1 ... as_of_day + min(delay) + 1.

Executors build it: one JSON line per terminal (`"17":[["2018-08-25",3,0],...]`), sorted by terminal id
and framed by a header line and a closing line, so the gzip file Spark writes is one JSON object. The
driver only computes the header (counts) and moves the file into place; no terminal row reaches it.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from antifraud_training.features.spec import TERMINAL_KINDS, FeatureSpec
from antifraud_training.spark_files import delete, move, part_files, sha256_and_size

SNAPSHOT_FORMAT = "antifraud.terminal-daily"
SNAPSHOT_FORMAT_VERSION = 1
HEADER_KEY, CLOSING_KEY = -1, 2**63 - 1


@dataclass(frozen=True)
class WrittenSnapshot:
    path: str
    sha256: str
    bytes: int
    terminal_count: int


def snapshot_rows(daily: DataFrame, as_of_day: date, retention_days: int) -> DataFrame:
    first_day = as_of_day - timedelta(days=retention_days - 1)
    return daily.where(F.col("day").between(F.lit(first_day), F.lit(as_of_day))).where(F.col("nb_tx") > 0)


def snapshot_header(as_of_day: date, spec: FeatureSpec, generated_at: datetime, terminal_count: int) -> dict:
    retention = spec.history_days()
    delays = [f.params["delay_days"] for f in spec.features if f.kind in TERMINAL_KINDS]
    return {
        "format": SNAPSHOT_FORMAT,
        "format_version": SNAPSHOT_FORMAT_VERSION,
        "feature_spec_version": spec.version,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "as_of_day": as_of_day.isoformat(),
        "first_day": (as_of_day - timedelta(days=retention - 1)).isoformat(),
        "retention_days": retention,
        "serves_days": {
            "first": (as_of_day + timedelta(days=1)).isoformat(),
            "last": (as_of_day + timedelta(days=min(delays, default=0) + 1)).isoformat(),
        },
        "terminal_count": terminal_count,
    }


def terminal_lines(rows: DataFrame) -> DataFrame:
    """(key = terminal_id, text = `"id":[[day,nb_tx,nb_fraud],...]`), days in order."""
    entries = F.array_sort(F.collect_list(F.struct("day", "nb_tx", "nb_fraud")))
    as_text = F.transform(
        entries,
        lambda e: F.format_string(
            '["%s",%d,%d]', F.date_format(e["day"], "yyyy-MM-dd"), e["nb_tx"], e["nb_fraud"]
        ),
    )
    return (
        rows.groupBy("terminal_id")
        .agg(
            F.concat(
                F.lit('"'),
                F.col("terminal_id").cast("string"),
                F.lit('":['),
                F.array_join(as_text, ","),
                F.lit("]"),
            ).alias("text")
        )
        .select(F.col("terminal_id").alias("key"), "text")
    )


def write_snapshot(
    spark: SparkSession,
    daily: DataFrame,
    as_of_day: date,
    spec: FeatureSpec,
    target: str,
    staging: str,
    generated_at: datetime | None = None,
) -> WrittenSnapshot:
    """Writes the gzip JSON snapshot to `target` through `staging` (a folder removed afterwards)."""
    # Read twice (the header's counts, then the file): one short string per terminal.
    lines = terminal_lines(snapshot_rows(daily, as_of_day, spec.history_days())).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    stats = lines.agg(F.count(F.lit(1)).alias("terminals"), F.min("key").alias("first")).first()
    header = snapshot_header(as_of_day, spec, generated_at or datetime.now(UTC), stats["terminals"])
    opening = json.dumps(header, separators=(",", ":"))[:-1] + ',"terminals":{'
    framing = spark.createDataFrame([(HEADER_KEY, opening), (CLOSING_KEY, "}}")], "key long, text string")
    body = lines.select(
        "key",
        F.concat(F.when(F.col("key") == F.lit(stats["first"]), "").otherwise(","), "text").alias("text"),
    )
    # One file for the scorer: the sort runs in parallel; the single writer only concatenates sorted runs.
    framing.unionByName(body).orderBy("key").select("text").coalesce(1).write.mode("overwrite").option(
        "compression", "gzip"
    ).text(staging)
    lines.unpersist()
    written = part_files(spark, staging)
    if len(written) != 1:
        raise RuntimeError(f"expected one snapshot file in {staging}, found {written}")
    move(spark, written[0], target)
    delete(spark, staging)
    digest, size = sha256_and_size(spark, target)
    return WrittenSnapshot(target, digest, size, stats["terminals"])


def latest_pointer(as_of_day: date, sha256: str, size: int) -> dict:
    return {
        "as_of_day": as_of_day.isoformat(),
        "path": f"{as_of_day.isoformat()}.json.gz",
        "sha256": sha256,
        "bytes": size,
    }
