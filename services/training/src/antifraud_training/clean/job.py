"""Clean job: raw daily text files -> Parquet partitioned by day + rejected rows + data-quality report.

    python -m antifraud_training clean --raw DIR_OR_URI --out DIR_OR_URI
        [--keep-other-days] [--rejected DIR_OR_URI] [--report FILE_OR_URI] [--max-rejected-share X]
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
    narrow_for_reuse,
    parse_lines,
    rank_duplicates,
    rejected_rows,
    valid_rows,
    wrong_origin_rows,
)
from antifraud_training.day_tables import write_by_day
from antifraud_training.failures import stage_failures
from antifraud_training.session import add_spark_arguments, describe, session_from_args
from antifraud_training.storage import storage_for

REJECTED_ROWS_PER_FILE = 1_000_000


class QualityGateError(RuntimeError):
    """More rows were rejected than the caller accepts; the report is written, the day is not trusted."""


def check_rejected_share(report: dict, max_share: float | None) -> None:
    if max_share is None or report["rows_read"] == 0:
        return
    share = report["rows_rejected"] / report["rows_read"]
    if share > max_share:
        raise QualityGateError(
            f"{report['rows_rejected']} of {report['rows_read']} rows rejected ({share:.2%}), above "
            f"--max-rejected-share {max_share:.2%}: see {report['input']} and the report's rejected_by_rule"
        )


@dataclass(frozen=True)
class CleanOutputs:
    transactions: str
    rejected: str
    report: str


def outputs_under(out: str, rejected: str | None = None, report: str | None = None) -> CleanOutputs:
    root = out.rstrip("/")
    return CleanOutputs(
        f"{root}/transactions",
        rejected or f"{root}/rejected",
        report or f"{root}/quality-report.json",
    )


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


def run(
    spark: SparkSession,
    raw: str,
    out: str,
    keep_other_days: bool = False,
    rejected: str | None = None,
    report: str | None = None,
) -> dict:
    outputs = outputs_under(out, rejected, report)
    counts = (
        read_lines(spark, raw)
        .agg(
            F.countDistinct("source_file").alias("files"),
            F.sum(is_header(F.col("line")).cast("long")).alias("headers"),
        )
        .first()
    )
    if counts["files"] == 0:
        raise FileNotFoundError(f"no *.txt raw files under {raw}")
    ranked = rank_duplicates(parse_lines(read_lines(spark, raw).where(~is_header(F.col("line")))))
    # Read four times below (origin, counts, valid rows, rejected rows), and computing it is the expensive
    # part (text parsing, the shuffle by transaction id). Valid rows drop the raw line and file name first,
    # so the copy is the typed table plus the few rejected lines. DISK_ONLY: at a real day's size it is
    # several times the heap, and on disk it costs one sequential write and sequential reads while the heap
    # stays free for the shuffle's sorts.
    ranked = narrow_for_reuse(ranked).persist(StorageLevel.DISK_ONLY)
    origin = dominant_origin(ranked)
    checked = apply_dataset_rules(ranked, origin)
    reasons: dict[str | None, int] = {}
    days: dict[str, int] = {}
    for row in checked.groupBy("reason", "day").count().collect():
        reasons[row["reason"]] = reasons.get(row["reason"], 0) + row["count"]
        if row["reason"] is None:
            days[row["day"].isoformat()] = row["count"]
    write_by_day(valid_rows(checked), outputs.transactions, days, keep_other_days=keep_other_days)
    rejected = sum(n for reason, n in reasons.items() if reason is not None)
    rejected_frame = rejected_rows(checked).where(F.col("line").isNotNull())
    if reasons.get("inconsistent_time_origin"):
        text = parse_lines(read_lines(spark, raw).where(~is_header(F.col("line"))))
        rejected_frame = rejected_frame.unionByName(wrong_origin_rows(text, origin))
    rejected_frame.repartition(max(1, rejected // REJECTED_ROWS_PER_FILE)).write.mode("overwrite").parquet(
        outputs.rejected
    )
    ranked.unpersist()
    report = build_report(
        raw, counts["headers"], reasons, origin, dict(sorted(days.items())), counts["files"]
    )
    storage_for(outputs.report, spark).write_bytes(outputs.report, json.dumps(report, indent=2).encode())
    return report


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antifraud_training clean", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", required=True, help="folder (or s3a:// URI) of YYYY-MM-DD.txt files")
    parser.add_argument("--out", required=True, help="output folder (or s3a:// URI)")
    parser.add_argument(
        "--keep-other-days",
        action="store_true",
        help="replace only the days in --raw under <out>/transactions (the daily append)",
    )
    parser.add_argument("--rejected", help="rejected rows folder (default <out>/rejected)")
    parser.add_argument("--report", help="data-quality report file (default <out>/quality-report.json)")
    parser.add_argument(
        "--max-rejected-share",
        type=float,
        help="fail (after writing the report) when more than this share of rows is rejected",
    )
    add_spark_arguments(parser)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    spark = None
    with stage_failures("clean", lambda: describe(spark) if spark else ""):
        spark = session_from_args("antifraud-clean", args)
        report = run(spark, args.raw, args.out, args.keep_other_days, args.rejected, args.report)
    print(
        json.dumps({k: report[k] for k in ("rows_read", "rows_valid", "rows_rejected", "rejected_by_rule")})
    )
    check_rejected_share(report, args.max_rejected_share)
