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
FIELD_PATTERNS = {
    name: DECIMAL_PATTERN if kind == "double" else INTEGER_PATTERN for name, kind in TYPED.items()
} | {"tx_datetime": DATETIME_PATTERN}
# Every field's pattern at once, with the spaces trim removes: on a line of 9 non-empty fields this
# matches exactly when each field matches its own pattern, for one regular expression pass per line.
LINE_PATTERN = "^ *" + " *, *".join(FIELD_PATTERNS[name].strip("^$") for name in RAW_COLUMNS) + " *$"


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
    `day` and `reason` (the first row-level rule broken, null when none).

    Three projections, each value computed once: the trimmed fields; the typed values and one flag per
    test; the reason from the flags. Spark keeps projections apart when a later one reads a value more
    than once, so the casts, the datetime parse and the regular expressions run once per row (written
    as one nested expression they ran once per rule that reads them: 5x slower)."""
    fields = F.split(F.col("line"), ",", -1)
    raw = lines.select(
        "source_file",
        "line",
        F.size(fields).alias("_n"),
        *[F.trim(fields.getItem(i)).alias(f"_raw_{name}") for i, name in enumerate(RAW_COLUMNS)],
    )
    r = {name: F.col(f"_raw_{name}") for name in RAW_COLUMNS}
    integer_fields = [name for name, kind in TYPED.items() if kind != "double"]
    typed = raw.select(
        "source_file",
        "line",
        "_n",
        any_of([v.isNull() | (v == "") for v in r.values()]).alias("_empty"),
        (~F.col("line").rlike(LINE_PATTERN)).alias("_bad_text"),
        *[r[name].cast(kind).alias(name) for name, kind in TYPED.items()],
        F.to_timestamp(r["tx_datetime"], DATETIME_FORMAT).alias("tx_datetime"),
    )
    t = {name: F.col(name) for name in (*TYPED, "tx_datetime")}
    seconds, days = t["tx_time_seconds"], t["tx_time_days"]
    seconds_of_day = F.unix_timestamp(t["tx_datetime"]) % SECONDS_PER_DAY
    checks = [
        ("malformed_row", F.col("_n") != len(RAW_COLUMNS)),
        ("empty_field", F.col("_empty")),
        ("unparsable_field", F.col("_bad_text") | any_of([t[n].isNull() for n in integer_fields])),
        ("impossible_datetime", t["tx_datetime"].isNull()),
        ("non_positive_amount", t["tx_amount"] <= 0),
        ("negative_id", F.least(*[t[n] for n in ID_COLUMNS]) < 0),
        (
            "invalid_label",
            ~t["tx_fraud"].isin(0, 1)
            | (t["tx_fraud_scenario"] < 0)
            | ((t["tx_fraud"] == 0) != (t["tx_fraud_scenario"] == 0)),
        ),
        (
            "inconsistent_time_fields",
            (seconds < 0)
            | (days != F.floor(seconds / SECONDS_PER_DAY))
            | (seconds_of_day != seconds % SECONDS_PER_DAY),
        ),
    ]
    return typed.select(
        "source_file",
        "line",
        *[days.cast("int").alias(name) if name == "tx_time_days" else name for name in RAW_COLUMNS],
        F.to_date(t["tx_datetime"]).alias("day"),
        _first_failure(checks).alias("reason"),
    )


def origin_of(parsed: DataFrame) -> Column:
    """Unix time of the simulation start implied by one row: tx_datetime - tx_time_seconds."""
    return F.unix_timestamp(parsed["tx_datetime"]) - parsed["tx_time_seconds"]


def rank_duplicates(parsed: DataFrame) -> DataFrame:
    """Adds `_origin` (null for rows failing a row-level rule) and `_duplicate` (the duplicate rule a
    passing row breaks among the passing rows with its id AND its origin).

    Ranking within (id, origin) needs no dataset-wide value: once the dominant origin is known, the rows
    with that origin are exactly those the duplicate rules look at, and every other passing row is
    rejected for its origin first. So the text is parsed and shuffled once.

    No filter on `reason` here: Spark would push it below the projection that computes `reason` and
    evaluate the whole rule expression twice per row."""
    passing = F.col("reason").isNull()
    content = F.concat_ws("|", *[F.col(c).cast("string") for c in RAW_COLUMNS])
    group = Window.partitionBy("transaction_id", "_origin")
    in_order = group.orderBy("source_file", "line")
    return (
        parsed.withColumn("_origin", F.when(passing, origin_of(parsed)))
        .withColumn("_content", F.when(passing, content))
        .withColumn(
            "_duplicate",
            F.when(~passing, F.lit(None).cast("string"))
            .when(
                F.min("_content").over(group) != F.max("_content").over(group),
                F.lit("conflicting_duplicate_id"),
            )
            .when(F.row_number().over(in_order) > 1, F.lit("duplicate_id")),
        )
        .drop("_content")
    )


def dominant_origin(ranked: DataFrame) -> int | None:
    """The origin shared by most rows that passed the row-level rules (None when there are none)."""
    top = (
        ranked.groupBy("_origin")
        .count()
        .orderBy(F.col("_origin").isNull(), F.desc("count"), F.asc("_origin"))
        .first()
    )
    return None if top is None or top["_origin"] is None else int(top["_origin"])


def apply_dataset_rules(ranked: DataFrame, origin: int | None) -> DataFrame:
    """The final reason: the row-level one, else a time origin other than `origin`, else a duplicate."""
    wrong_origin = F.when(F.col("_origin") != F.lit(origin), F.lit("inconsistent_time_origin"))
    return ranked.withColumn("reason", F.coalesce(F.col("reason"), wrong_origin, F.col("_duplicate"))).drop(
        "_origin", "_duplicate"
    )


def narrow_for_reuse(ranked: DataFrame) -> DataFrame:
    """The raw line and file name matter only for rejected rows: null for rows that pass every rule
    known before the dominant origin (the few rejected for their origin get theirs back from the text:
    wrong_origin_rows)."""
    candidate = F.col("reason").isNull() & F.col("_duplicate").isNull()
    return ranked.withColumn("line", F.when(candidate, None).otherwise(F.col("line"))).withColumn(
        "source_file", F.when(candidate, None).otherwise(F.col("source_file"))
    )


def wrong_origin_rows(parsed: DataFrame, origin: int | None) -> DataFrame:
    """Rejected rows of the time-origin rule, with their raw line (from a fresh parse of the text)."""
    return (
        parsed.withColumn("_origin", origin_of(parsed))
        .where(F.col("reason").isNull() & (F.col("_origin") != F.lit(origin)))
        .select("source_file", "line", F.lit("inconsistent_time_origin").alias("reason"))
    )


def valid_rows(checked: DataFrame) -> DataFrame:
    return checked.where(F.col("reason").isNull()).select(*CLEAN_COLUMNS)


def rejected_rows(checked: DataFrame) -> DataFrame:
    return checked.where(F.col("reason").isNotNull()).select("source_file", "line", "reason")
