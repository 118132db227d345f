"""Features job: clean transactions -> model inputs per transaction + terminal snapshot for the scorer.

    python -m antifraud_training features --clean DIR --features-root DIR [--spec FILE] [--as-of DAY]
writes <features-root>/transactions/day=.../ (Parquet), <features-root>/terminal/<as-of>.json.gz and
<features-root>/terminal/latest.json (pointer to the newest snapshot, replaced atomically).
"""

import argparse
import json
from datetime import date

from pyspark.sql import SparkSession

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


def run(
    spark: SparkSession,
    clean_transactions: str,
    features_root: str,
    spec: FeatureSpec,
    as_of: date | None = None,
) -> dict:
    # No cache: the two readers (features, snapshot) read different columns of a columnar table.
    transactions = spark.read.parquet(clean_transactions)
    rows_by_day = {
        row["day"].isoformat(): row["count"] for row in transactions.groupBy("day").count().collect()
    }
    if not rows_by_day:
        raise FileNotFoundError(f"no clean transactions under {clean_transactions}")
    write_by_day(build_features(transactions, spec.features), transactions_path(features_root), rows_by_day)
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
    storage_for(features_root, spark).write_atomically(
        snapshot_path(features_root, "latest.json"), json.dumps(pointer, indent=2).encode()
    )
    return {"as_of_day": as_of_day.isoformat(), "snapshot_terminals": snapshot.terminal_count, **pointer}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training features", description=__doc__.splitlines()[0])
    parser.add_argument("--clean", required=True, help="clean transactions (the clean job's transactions/)")
    parser.add_argument("--features-root", required=True, help="output folder or s3a:// URI")
    parser.add_argument("--spec", help="feature spec (default: services/contracts/features.json)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="snapshot day (default: last day of data)")
    add_spark_arguments(parser)
    args = parser.parse_args(argv)
    spark = None
    with stage_failures("features", lambda: describe(spark) if spark else ""):
        spark = session_from_args("antifraud-features", args)
        result = run(spark, args.clean, args.features_root, load_spec(args.spec), args.as_of)
    print(json.dumps(result))
