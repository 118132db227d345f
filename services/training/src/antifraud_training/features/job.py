"""Features job: clean transactions -> model inputs per transaction + terminal snapshot for the scorer.

    python -m antifraud_training features --clean DIR --features-root DIR [--spec FILE] [--as-of DAY]
writes <features-root>/transactions/day=.../ (Parquet), <features-root>/terminal/<as-of>.json.gz and
<features-root>/terminal/latest.json (pointer to the newest snapshot, replaced atomically).
"""

import argparse
import json
from datetime import date

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from antifraud_training.features.build import build_features
from antifraud_training.features.snapshot import collect_snapshot, encode_snapshot, latest_pointer
from antifraud_training.features.spec import FeatureSpec, load_spec
from antifraud_training.features.terminal import daily_aggregates
from antifraud_training.session import build_session
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
    transactions = spark.read.parquet(clean_transactions).persist(StorageLevel.MEMORY_AND_DISK)
    features = build_features(transactions, spec.features)
    features.repartition("day").write.mode("overwrite").partitionBy("day").parquet(
        transactions_path(features_root)
    )
    as_of_day = as_of or transactions.agg(F.max("day")).first()[0]
    document = collect_snapshot(daily_aggregates(transactions), as_of_day, spec)
    payload = encode_snapshot(document)
    storage = storage_for(features_root, spark)
    storage.write_bytes(snapshot_path(features_root, f"{as_of_day.isoformat()}.json.gz"), payload)
    pointer = latest_pointer(as_of_day, payload)
    storage.write_atomically(
        snapshot_path(features_root, "latest.json"), json.dumps(pointer, indent=2).encode()
    )
    transactions.unpersist()
    return {"as_of_day": as_of_day.isoformat(), "snapshot_terminals": document["terminal_count"], **pointer}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training features", description=__doc__.splitlines()[0])
    parser.add_argument("--clean", required=True, help="clean transactions (the clean job's transactions/)")
    parser.add_argument("--features-root", required=True, help="output folder or s3a:// URI")
    parser.add_argument("--spec", help="feature spec (default: services/contracts/features.json)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="snapshot day (default: last day of data)")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default local[2])")
    args = parser.parse_args(argv)
    spark = build_session("antifraud-features", args.master)
    print(json.dumps(run(spark, args.clean, args.features_root, load_spec(args.spec), args.as_of)))
