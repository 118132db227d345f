"""One real-size day file (about 47 million rows, the size of one day of the real dataset) made from
simulated days: every source day is copied `--copies` times with fresh ids (customers per day and copy,
terminals per copy, transactions per copy) and moved onto one date, until `--rows` rows are reached.
Dirty lines of the source are copied unchanged, so the day stays dirty.

    .venv/bin/python services/training/bench/real_day.py --raw DIR --out DIR [--rows 47000000] [--copies 3]

Spark writes the rows in parallel; the parts are then joined into one `YYYY-MM-DD.txt` behind the
header line, like the real files.
"""

import argparse
import math
import shutil
import time
from pathlib import Path

from pyspark.sql import functions as F

from antifraud_training.session import build_session

HEADER = (
    "#tranaction_id | tx_datetime | customer_id | terminal_id | tx_amount | tx_time_seconds | "
    "tx_time_days | tx_fraud | tx_fraud_scenario"
)
ID_BLOCK = 10**9


def replicated(lines, copies: int, keep_copies: int, day: str):
    """Lines -> lines of the target day; `keep_copies` = how many (source day, copy) pairs to emit."""
    fields = F.split("line", ",", -1)
    good = (F.size(fields) == 9) & F.col("line").rlike(r"^[0-9]+,[0-9-]{10} [0-9:]{8},[0-9]+,[0-9]+,")
    source_day = fields.getItem(6).cast("long")
    pair = source_day * copies + F.col("copy")
    rewritten = F.concat_ws(
        ",",
        (F.col("copy") * ID_BLOCK + fields.getItem(0).cast("long")).cast("string"),
        F.concat(F.lit(day + " "), F.substring(fields.getItem(1), 12, 8)),
        (pair * 10**6 + fields.getItem(2).cast("long")).cast("string"),
        (F.col("copy") * 10**6 + fields.getItem(3).cast("long")).cast("string"),
        fields.getItem(4),
        (fields.getItem(5).cast("long") % 86400).cast("string"),
        F.lit("0"),
        fields.getItem(7),
        fields.getItem(8),
    )
    copied = lines.crossJoin(lines.sparkSession.range(copies).withColumnRenamed("id", "copy"))
    return copied.where(~good | (pair < keep_copies)).select(
        F.when(good, rewritten).otherwise(F.col("line")).alias("line")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", required=True, help="simulated day files (the 10x benchmark's)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--rows", type=int, default=47_000_000)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--day", default="2018-04-01", help="date of the day (the simulation's origin)")
    args = parser.parse_args()
    started = time.monotonic()
    # Streams text through: a small heap leaves the memory to the benchmark that runs next.
    spark = build_session("antifraud-real-day", ui=False, settings={"spark.driver.memory": "2g"})
    lines = (
        spark.read.text(args.raw).where(~F.col("value").startswith("#")).withColumnRenamed("value", "line")
    )
    per_day = lines.count() / max(1, len(list(Path(args.raw).glob("*.txt"))))
    keep = math.ceil(args.rows / per_day)
    staging = Path(args.out, "_parts")
    replicated(lines, args.copies, keep, args.day).write.mode("overwrite").text(str(staging))
    target = Path(args.out, f"{args.day}.txt")
    with open(target, "wb") as out:
        out.write((HEADER + "\n").encode())
        for part in sorted(staging.glob("part-*")):
            with open(part, "rb") as source:
                shutil.copyfileobj(source, out, 16 * 1024 * 1024)
    shutil.rmtree(staging)
    with open(target, "rb") as check:
        rows = sum(chunk.count(b"\n") for chunk in iter(lambda: check.read(64 * 1024 * 1024), b"")) - 1
    print(
        f"real day: {target} with {rows:,} rows ({target.stat().st_size / 1e9:.2f} GB) from {keep} "
        f"copies of ~{per_day:,.0f}-row days in {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
