"""Every cleaning rule on tiny frames: which rows survive, which are rejected and why."""

import pytest
from chispa import assert_df_equality
from pyspark.sql import functions as F

from antifraud_training.clean.rules import RULES
from antifraud_training.clean.transform import (
    apply_dataset_rules,
    dominant_origin,
    parse_lines,
    rank_duplicates,
    rejected_rows,
    valid_rows,
)

GOOD = "7,2018-04-02 06:51:03,12,34,70.91,111063,1,0,0"  # 2018-04-01 is the origin: 86400 + 24663 s


def check(spark, lines: list[str]):
    frame = spark.createDataFrame([("f.txt", line) for line in lines], "source_file string, line string")
    ranked = rank_duplicates(parse_lines(frame))
    return apply_dataset_rules(ranked, dominant_origin(ranked))


def reasons(spark, lines: list[str]) -> list[tuple[str, str | None]]:
    rows = check(spark, lines).select("line", "reason").collect()
    return sorted(((r["line"], r["reason"]) for r in rows), key=lambda pair: (pair[0], pair[1] or ""))


def test_a_good_row_is_typed_and_kept(spark):
    valid = valid_rows(check(spark, [GOOD]))
    expected = (
        spark.createDataFrame(
            [(7, "2018-04-02 06:51:03", 12, 34, 70.91, 111063, 1, 0, 0)],
            "transaction_id long, tx_datetime string, customer_id long, terminal_id long, tx_amount double, "
            "tx_time_seconds long, tx_time_days int, tx_fraud int, tx_fraud_scenario int",
        )
        .withColumn("tx_datetime", F.to_timestamp("tx_datetime"))
        .withColumn("day", F.to_date("tx_datetime"))
    )
    assert_df_equality(valid, expected, ignore_nullable=True)


RULE_CASES = [
    ("101,2018-04-02 06:51:03,12,34,70.91,111063,1,0", "malformed_row"),
    ("102,2018-04-02 06:51:03,12,34,70.91,111063,1,0,0,9", "malformed_row"),
    ("", "malformed_row"),
    ("103,2018-04-02 06:51:03,,34,70.91,111063,1,0,0", "empty_field"),
    ("104,2018-04-02 06:51:03,12,  ,70.91,111063,1,0,0", "empty_field"),
    ("105,2018-04-02 06:51:03,12,34,abc,111063,1,0,0", "unparsable_field"),
    ("106,2018-04-02 06:51:03,12,34,NaN,111063,1,0,0", "unparsable_field"),
    ("107,2018-04-02 06:51:03,12,34,70.91,1.5,1,0,0", "unparsable_field"),
    ("108,2018-04-02 06:51:03,12,99999999999999999999,70.91,111063,1,0,0", "unparsable_field"),
    ("109,02/04/2018 06:51:03,12,34,70.91,111063,1,0,0", "unparsable_field"),
    ("110,2018-04-02 24:00:00,12,34,70.91,111063,1,0,0", "impossible_datetime"),
    ("111,2018-02-30 06:51:03,12,34,70.91,111063,1,0,0", "impossible_datetime"),
    ("112,2018-04-02 06:51:03,12,34,0,111063,1,0,0", "non_positive_amount"),
    ("113,2018-04-02 06:51:03,12,34,-3.5,111063,1,0,0", "non_positive_amount"),
    ("-7,2018-04-02 06:51:03,12,34,70.91,111063,1,0,0", "negative_id"),
    ("114,2018-04-02 06:51:03,-12,34,70.91,111063,1,0,0", "negative_id"),
    ("115,2018-04-02 06:51:03,12,-1,70.91,111063,1,0,0", "negative_id"),
    ("116,2018-04-02 06:51:03,12,34,70.91,111063,1,2,1", "invalid_label"),
    ("117,2018-04-02 06:51:03,12,34,70.91,111063,1,1,0", "invalid_label"),
    ("118,2018-04-02 06:51:03,12,34,70.91,111063,1,0,2", "invalid_label"),
    ("119,2018-04-02 06:51:03,12,34,70.91,111063,2,0,0", "inconsistent_time_fields"),
    ("120,2018-04-02 06:51:04,12,34,70.91,111063,1,0,0", "inconsistent_time_fields"),
    ("121,2018-04-02 06:51:03,12,34,70.91,-1,1,0,0", "inconsistent_time_fields"),
    ("122,2018-04-03 06:51:03,12,34,70.91,111063,1,0,0", "inconsistent_time_origin"),
]
GOOD_ROWS = [
    GOOD,
    "8,2018-04-02 06:51:03,12,34,70.91,111063,1,0,0",
    "0,2018-04-02 06:51:03,0,0,5,111063,1,1,3",
]


@pytest.fixture(scope="module")
def all_cases(spark) -> dict[str, str | None]:
    """One Spark query for every rule case (the good rows make 2018-04-01 the dominant origin)."""
    return dict(reasons(spark, [line for line, _ in RULE_CASES] + GOOD_ROWS))


@pytest.mark.parametrize(("line", "rule"), RULE_CASES)
def test_each_rule_rejects_its_rows(all_cases, line, rule):
    assert all_cases[line] == rule


def test_rows_breaking_no_rule_are_kept_including_zero_ids(all_cases):
    assert {line: all_cases[line] for line in GOOD_ROWS} == dict.fromkeys(GOOD_ROWS)
    assert sorted(set(all_cases.values()) - {None}) == sorted(
        set(RULES) - {"duplicate_id", "conflicting_duplicate_id"}
    )


def test_exact_duplicates_keep_the_first_copy_only(spark):
    same_content = "7,2018-04-02 06:51:03,12,34,70.910,111063,1,0,0"
    got = reasons(spark, [GOOD, GOOD, same_content])
    assert sorted(reason or "" for _, reason in got) == ["", "duplicate_id", "duplicate_id"]
    assert len(valid_rows(check(spark, [GOOD, GOOD, same_content])).collect()) == 1


def test_conflicting_duplicates_are_all_rejected(spark):
    other = "7,2018-04-02 06:51:03,12,34,99.00,111063,1,0,0"
    third = "8,2018-04-02 06:51:03,12,34,99.00,111063,1,0,0"
    assert dict(reasons(spark, [GOOD, other, third])) == {
        GOOD: "conflicting_duplicate_id",
        other: "conflicting_duplicate_id",
        third: None,
    }


def test_a_row_broken_twice_is_counted_once_under_the_first_rule(spark):
    line = "-7,2018-04-02 06:51:03,12,34,-1,111063,1,0,0"
    assert dict(reasons(spark, [GOOD, line])) == {GOOD: None, line: "non_positive_amount"}


def test_rejected_rows_keep_the_raw_line_and_nothing_is_lost(spark):
    lines = [GOOD, "garbage", "7,2018-04-02 24:00:00,12,34,70.91,111063,1,0,0", GOOD]
    checked = check(spark, lines)
    rejected = rejected_rows(checked)
    expected = spark.createDataFrame(
        [
            ("f.txt", "garbage", "malformed_row"),
            ("f.txt", lines[2], "impossible_datetime"),
            ("f.txt", GOOD, "duplicate_id"),
        ],
        "source_file string, line string, reason string",
    )
    assert_df_equality(rejected, expected, ignore_row_order=True, ignore_nullable=True)
    assert valid_rows(checked).count() + rejected.count() == len(lines)
    assert set(r["reason"] for r in rejected.collect()) <= set(RULES)


def test_the_job_keeps_the_raw_line_of_every_rejected_row_and_reports_the_counts(spark, tmp_path):
    from antifraud_training.clean import job as clean_job

    raw = tmp_path / "raw"
    raw.mkdir()
    good = [f"{i},2018-04-02 06:51:03,12,34,70.91,111063,1,0,0" for i in range(1, 6)]
    lines = [
        "#tranaction_id | tx_datetime | customer_id",
        *good,
        good[0],  # exact copy
        "9,2018-04-03 06:51:03,12,34,70.91,111063,1,0,0",  # another time origin
        "10,2018-04-02 06:51:03,,34,70.91,111063,1,0,0",  # empty field
    ]
    (raw / "2018-04-02.txt").write_text("\n".join(lines) + "\n")
    report = clean_job.run(spark, str(raw), str(tmp_path / "out"))
    rejected = {
        (r["line"], r["reason"]) for r in spark.read.parquet(str(tmp_path / "out" / "rejected")).collect()
    }
    assert rejected == {
        (good[0], "duplicate_id"),
        (lines[-2], "inconsistent_time_origin"),
        (lines[-1], "empty_field"),
    }
    assert (report["rows_read"], report["rows_valid"], report["header_lines"]) == (8, 5, 1)
    valid = spark.read.parquet(str(tmp_path / "out" / "transactions"))
    assert sorted(r["transaction_id"] for r in valid.collect()) == [1, 2, 3, 4, 5]
