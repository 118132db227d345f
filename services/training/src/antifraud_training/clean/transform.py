"""Pure DataFrame transforms of the clean job: raw text lines -> typed rows with a rejection reason."""

import functools

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from antifraud_training.raw_format import DATETIME_FORMAT, ID_COLUMNS, RAW_COLUMNS, SECONDS_PER_DAY

INTEGER_PATTERN = r"^-?[0-9]+$"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"
TYPED = {
    "transaction_id": "long",
    "customer_id": "long",
    "terminal_id": "long",
    "tx_amount": "double",
    "tx_time_seconds": "long",
    "tx_time_days": "long",
    "tx_fraud": "int",
    "tx_fraud_scenario": "int",
}
CLEAN_COLUMNS = [*RAW_COLUMNS, "day"]


def is_header(line: Column) -> Column:
    return line.startswith("#")


def any_of(conditions: list[Column]) -> Column:
    """OR of plain column expressions (Spark generates code for these, unlike higher-order functions)."""
    return functools.reduce(lambda a, b: a | b, conditions)


def _first_failure(checks: list[tuple[str, Column]]) -> Column:
    reason = F.lit(None).cast("string")
    for name, failed in reversed(checks):
        reason = F.when(failed, F.lit(name)).otherwise(reason)
    return reason


def parse_lines(lines: DataFrame) -> DataFrame:
    """`lines` has `source_file` and `line` (header lines already removed). Returns the typed columns,
    `day` and `reason` (the first row-level rule broken, null when none)."""
    fields = F.split(F.col("line"), ",", -1)
    raw = {name: F.trim(fields.getItem(i)) for i, name in enumerate(RAW_COLUMNS)}
    frame = lines.select(
        "source_file",
        "line",
        F.size(fields).alias("_n"),
        *[raw[name].alias(f"_raw_{name}") for name in RAW_COLUMNS],
    )
    r = {name: F.col(f"_raw_{name}") for name in RAW_COLUMNS}
    typed = {name: r[name].cast(kind) for name, kind in TYPED.items()}
    tx_datetime = F.to_timestamp(r["tx_datetime"], DATETIME_FORMAT)
    integer_fields = [name for name, kind in TYPED.items() if kind != "double"]
    unparsable = any_of(
        [~r[n].rlike(INTEGER_PATTERN) | typed[n].isNull() for n in integer_fields]
        + [~r["tx_amount"].rlike(DECIMAL_PATTERN), ~r["tx_datetime"].rlike(DATETIME_PATTERN)]
    )
    seconds, days = typed["tx_time_seconds"], typed["tx_time_days"]
    seconds_of_day = F.unix_timestamp(tx_datetime) % SECONDS_PER_DAY
    checks = [
        ("malformed_row", F.col("_n") != len(RAW_COLUMNS)),
        ("empty_field", any_of([v.isNull() | (v == "") for v in r.values()])),
        ("unparsable_field", unparsable),
        ("impossible_datetime", tx_datetime.isNull()),
        ("non_positive_amount", typed["tx_amount"] <= 0),
        ("negative_id", F.least(*[typed[n] for n in ID_COLUMNS]) < 0),
        (
            "invalid_label",
            ~typed["tx_fraud"].isin(0, 1)
            | (typed["tx_fraud_scenario"] < 0)
            | ((typed["tx_fraud"] == 0) != (typed["tx_fraud_scenario"] == 0)),
        ),
        (
            "inconsistent_time_fields",
            (seconds < 0)
            | (days != F.floor(seconds / SECONDS_PER_DAY))
            | (seconds_of_day != seconds % SECONDS_PER_DAY),
        ),
    ]
    return frame.select(
        "source_file",
        "line",
        typed["transaction_id"].alias("transaction_id"),
        tx_datetime.alias("tx_datetime"),
        typed["customer_id"].alias("customer_id"),
        typed["terminal_id"].alias("terminal_id"),
        typed["tx_amount"].alias("tx_amount"),
        typed["tx_time_seconds"].alias("tx_time_seconds"),
        typed["tx_time_days"].cast("int").alias("tx_time_days"),
        typed["tx_fraud"].alias("tx_fraud"),
        typed["tx_fraud_scenario"].alias("tx_fraud_scenario"),
        F.to_date(tx_datetime).alias("day"),
        _first_failure(checks).alias("reason"),
    )


def origin_of(parsed: DataFrame) -> Column:
    """Unix time of the simulation start implied by one row: tx_datetime - tx_time_seconds."""
    return F.unix_timestamp(parsed["tx_datetime"]) - parsed["tx_time_seconds"]


def dominant_origin(parsed: DataFrame) -> int | None:
    """The origin shared by most rows that passed the row-level rules (None when there are none)."""
    top = (
        parsed.where(F.col("reason").isNull())
        .groupBy(origin_of(parsed).alias("origin"))
        .count()
        .orderBy(F.desc("count"), F.asc("origin"))
        .first()
    )
    return None if top is None else int(top["origin"])


def apply_dataset_rules(parsed: DataFrame, origin: int | None) -> DataFrame:
    """Rules that need the whole dataset: time origin, then duplicate ids among the remaining rows."""
    with_origin = parsed.withColumn(
        "reason",
        F.when(
            F.col("reason").isNull() & (origin_of(parsed) != F.lit(origin)),
            F.lit("inconsistent_time_origin"),
        ).otherwise(F.col("reason")),
    )
    content = F.concat_ws("|", *[F.col(c).cast("string") for c in RAW_COLUMNS])
    by_id = Window.partitionBy("transaction_id")
    ranked = (
        with_origin.where(F.col("reason").isNull())
        .withColumn("_content", content)
        .withColumn("_conflict", F.min("_content").over(by_id) != F.max("_content").over(by_id))
        .withColumn("_copy", F.row_number().over(by_id.orderBy("source_file", "line")))
        .withColumn(
            "reason",
            F.when(F.col("_conflict"), F.lit("conflicting_duplicate_id"))
            .when(F.col("_copy") > 1, F.lit("duplicate_id"))
            .otherwise(F.lit(None).cast("string")),
        )
        .drop("_content", "_conflict", "_copy")
    )
    return with_origin.where(F.col("reason").isNotNull()).unionByName(ranked)


def narrow_for_reuse(checked: DataFrame) -> DataFrame:
    """The raw line and file name matter only for rejected rows: null for valid ones."""
    valid = F.col("reason").isNull()
    return checked.withColumn("line", F.when(valid, None).otherwise(F.col("line"))).withColumn(
        "source_file", F.when(valid, None).otherwise(F.col("source_file"))
    )


def valid_rows(checked: DataFrame) -> DataFrame:
    return checked.where(F.col("reason").isNull()).select(*CLEAN_COLUMNS)


def rejected_rows(checked: DataFrame) -> DataFrame:
    return checked.where(F.col("reason").isNotNull()).select("source_file", "line", "reason")
