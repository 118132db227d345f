"""Features job: clean transactions -> model inputs per transaction + terminal snapshot for the scorer.

    python -m antifraud_training features --clean DIR --features-root DIR [--spec FILE] [--as-of DAY]
        [--only-day DAY]
writes <features-root>/transactions/day=.../ (Parquet), <features-root>/terminal/<as-of>.json.gz and
<features-root>/terminal/latest.json (pointer to the newest snapshot, replaced atomically).

--only-day computes that day alone, as the daily DAG does: it reads only the clean days its features
look back on (the spec's lookback) and replaces only that day's partition, so the daily cost follows
the lookback, not the length of the history. Its rows equal those of a full recompute. When the table
was built with another spec version (transactions/_feature_spec.json, written by every full run), it
recomputes every day instead: a table of mixed inputs would break the next training.
"""

import argparse
import json
from datetime import date, timedelta

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from antifraud_training.day_tables import write_by_day
from antifraud_training.failures import stage_failures
from antifraud_training.features.build import build_features
from antifraud_training.features.snapshot import latest_pointer, write_snapshot
from antifraud_training.features.spec import FeatureSpec, load_spec
from antifraud_training.features.terminal import daily_aggregates
from antifraud_training.session import add_spark_arguments, describe, session_from_args
from antifraud_training.storage import storage_for


def transactions_path(features_root: str) -> str:
    return f"{features_root.rstrip('/')}/transactions"


def snapshot_path(features_root: str, name: str) -> str:
    return f"{features_root.rstrip('/')}/terminal/{name}"


def spec_marker_path(features_root: str) -> str:
    # A leading underscore: Spark's Parquet reader skips it, and a dynamic overwrite leaves it alone.
    return f"{transactions_path(features_root)}/_feature_spec.json"


def table_spec_version(storage, features_root: str) -> str | None:
    """The spec version the feature table was last fully built with (None: unknown)."""
    marker = spec_marker_path(features_root)
    return json.loads(storage.read_bytes(marker))["spec_version"] if storage.exists(marker) else None


def days_between(frame: DataFrame, first: date, last: date) -> DataFrame:
    return frame.where((F.col("day") >= F.lit(first)) & (F.col("day") <= F.lit(last)))


def run(
    spark: SparkSession,
    clean_transactions: str,
    features_root: str,
    spec: FeatureSpec,
    as_of: date | None = None,
    only_day: date | None = None,
) -> dict:
    if only_day is not None and as_of not in (None, only_day):
        raise ValueError(f"--as-of {as_of} with --only-day {only_day}: the snapshot is of the day computed")
    storage = storage_for(features_root, spark)
    # Older days were computed with another spec (or unknown): they lack its columns, so one day alone
    # would leave a table of mixed inputs. Every day is recomputed instead.
    if only_day is not None and table_spec_version(storage, features_root) != spec.version:
        as_of, only_day = only_day, None
    # No cache: the two readers (features, snapshot) read different columns of a columnar table.
    transactions = spark.read.parquet(clean_transactions)
    if only_day is not None:
        transactions = days_between(transactions, only_day - timedelta(days=spec.lookback_days()), only_day)
    rows_by_day = {
        row["day"].isoformat(): row["count"] for row in transactions.groupBy("day").count().collect()
    }
    if only_day is not None:
        rows_by_day = {day: n for day, n in rows_by_day.items() if day == only_day.isoformat()}
    if not rows_by_day:
        where = f" on {only_day.isoformat()}" if only_day else ""
        raise FileNotFoundError(f"no clean transactions{where} under {clean_transactions}")
    features = build_features(transactions, spec.features)
    if only_day is not None:
        features = days_between(features, only_day, only_day)
    write_by_day(
        features, transactions_path(features_root), rows_by_day, keep_other_days=only_day is not None
    )
    if only_day is None:
        storage.write_atomically(
            spec_marker_path(features_root), json.dumps({"spec_version": spec.version}).encode()
        )
    as_of_day = as_of or date.fromisoformat(max(rows_by_day))
    name = f"{as_of_day.isoformat()}.json.gz"
    snapshot = write_snapshot(
        spark,
        daily_aggregates(transactions),
        as_of_day,
        spec,
        snapshot_path(features_root, name),
        snapshot_path(features_root, f"_staging-{as_of_day.isoformat()}"),
    )
    pointer = latest_pointer(as_of_day, snapshot.sha256, snapshot.bytes)
    storage.write_atomically(
        snapshot_path(features_root, "latest.json"), json.dumps(pointer, indent=2).encode()
    )
    return {
        "as_of_day": as_of_day.isoformat(),
        "days_computed": "one" if only_day is not None else "all",
        "snapshot_terminals": snapshot.terminal_count,
        **pointer,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training features", description=__doc__.splitlines()[0])
    parser.add_argument("--clean", required=True, help="clean transactions (the clean job's transactions/)")
    parser.add_argument("--features-root", required=True, help="output folder or s3a:// URI")
    parser.add_argument("--spec", help="feature spec (default: services/contracts/features.json)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="snapshot day (default: last day of data)")
    parser.add_argument(
        "--only-day",
        type=date.fromisoformat,
        help="compute this day alone from its lookback and replace only its partition (the daily DAG)",
    )
    add_spark_arguments(parser)
    args = parser.parse_args(argv)
    spark = None
    with stage_failures("features", lambda: describe(spark) if spark else ""):
        spark = session_from_args("antifraud-features", args)
        result = run(spark, args.clean, args.features_root, load_spec(args.spec), args.as_of, args.only_day)
    print(json.dumps(result))
