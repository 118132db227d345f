"""Clean job: raw daily text files -> Parquet partitioned by day + rejected rows + data-quality report.

    python -m antifraud_training clean --raw DIR_OR_URI --out DIR_OR_URI
writes <out>/transactions/day=YYYY-MM-DD/, <out>/rejected/ and <out>/quality-report.json.
"""

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from antifraud_training.clean.rules import RULES
from antifraud_training.clean.transform import (
    apply_dataset_rules,
    dominant_origin,
    is_header,
    parse_lines,
    rejected_rows,
    valid_rows,
)
from antifraud_training.session import build_session
from antifraud_training.storage import storage_for


@dataclass(frozen=True)
class CleanOutputs:
    transactions: str
    rejected: str
    report: str


def outputs_under(out: str) -> CleanOutputs:
    root = out.rstrip("/")
    return CleanOutputs(f"{root}/transactions", f"{root}/rejected", f"{root}/quality-report.json")


def read_lines(spark: SparkSession, raw: str) -> DataFrame:
    return (
        spark.read.option("pathGlobFilter", "*.txt")
        .text(raw)
        .select(F.input_file_name().alias("source_file"), F.col("value").alias("line"))
    )


def build_report(
    raw: str,
    header_lines: int,
    reasons: dict[str | None, int],
    origin: int | None,
    days: dict[str, int],
    files: int,
) -> dict:
    rejected = {rule: reasons.get(rule, 0) for rule in RULES}
    valid = reasons.get(None, 0)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "input": raw,
        "files": files,
        "header_lines": header_lines,
        "rows_read": valid + sum(rejected.values()),
        "rows_valid": valid,
        "rows_rejected": sum(rejected.values()),
        "rejected_by_rule": rejected,
        "rules": RULES,
        "time_origin": None if origin is None else datetime.fromtimestamp(origin, UTC).isoformat(),
        "valid_rows_by_day": days,
    }


def run(spark: SparkSession, raw: str, out: str) -> dict:
    outputs = outputs_under(out)
    lines = read_lines(spark, raw).persist(StorageLevel.MEMORY_AND_DISK)
    counts = lines.agg(
        F.countDistinct("source_file").alias("files"),
        F.sum(is_header(F.col("line")).cast("long")).alias("headers"),
    ).first()
    if counts["files"] == 0:
        raise FileNotFoundError(f"no *.txt raw files under {raw}")
    parsed = parse_lines(lines.where(~is_header(F.col("line")))).persist(StorageLevel.MEMORY_AND_DISK)
    origin = dominant_origin(parsed)
    checked = apply_dataset_rules(parsed, origin).persist(StorageLevel.MEMORY_AND_DISK)
    reasons: dict[str | None, int] = {}
    days: dict[str, int] = {}
    for row in checked.groupBy("reason", "day").count().collect():
        reasons[row["reason"]] = reasons.get(row["reason"], 0) + row["count"]
        if row["reason"] is None:
            days[row["day"].isoformat()] = row["count"]
    valid = valid_rows(checked)
    valid.repartition("day").write.mode("overwrite").partitionBy("day").parquet(outputs.transactions)
    rejected_rows(checked).write.mode("overwrite").parquet(outputs.rejected)
    report = build_report(
        raw, counts["headers"], reasons, origin, dict(sorted(days.items())), counts["files"]
    )
    storage_for(outputs.report, spark).write_bytes(outputs.report, json.dumps(report, indent=2).encode())
    for frame in (checked, parsed, lines):
        frame.unpersist()
    return report


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antifraud_training clean", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", required=True, help="folder (or s3a:// URI) of YYYY-MM-DD.txt files")
    parser.add_argument("--out", required=True, help="output folder (or s3a:// URI)")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default local[2])")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    spark = build_session("antifraud-clean", args.master)
    report = run(spark, args.raw, args.out)
    print(
        json.dumps({k: report[k] for k in ("rows_read", "rows_valid", "rows_rejected", "rejected_by_rule")})
    )
