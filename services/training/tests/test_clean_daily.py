"""The clean job as the daily DAG runs it: one day's file appended to the history (a rerun replaces
exactly that day), the rejected rows and report where the caller says, and the data-quality gate."""

import json

import pytest

from antifraud_training.clean import job as clean_job


def day_file(folder, day: str, first_id: int, rows: int, seconds_into_history: int) -> str:
    # tx_time_seconds and tx_time_days agree with a history starting 2018-04-01 (one origin).
    lines = ["#tranaction_id | tx_datetime | customer_id"]
    for i in range(rows):
        lines.append(
            f"{first_id + i},{day} 06:51:03,12,34,70.91,{seconds_into_history + 24663},"
            f"{seconds_into_history // 86400},0,0"
        )
    path = folder / f"{day}.txt"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def days_in(spark, out) -> dict[str, int]:
    frame = spark.read.parquet(str(out / "transactions"))
    return {row["day"].isoformat(): row["count"] for row in frame.groupBy("day").count().collect()}


def test_a_day_is_appended_and_a_rerun_replaces_only_that_day(spark, tmp_path):
    out = tmp_path / "clean"
    first = day_file(tmp_path, "2018-04-02", 1, 3, 86400)
    second = day_file(tmp_path, "2018-04-03", 100, 2, 2 * 86400)
    clean_job.run(spark, first, str(out), keep_other_days=True)
    clean_job.run(spark, second, str(out), keep_other_days=True)
    assert days_in(spark, out) == {"2018-04-02": 3, "2018-04-03": 2}
    # The day's file was replaced upstream (one row more): the rerun rewrites that day and no other.
    clean_job.run(spark, day_file(tmp_path, "2018-04-03", 100, 3, 2 * 86400), str(out), keep_other_days=True)
    assert days_in(spark, out) == {"2018-04-02": 3, "2018-04-03": 3}


def test_without_keep_other_days_the_table_becomes_exactly_the_input(spark, tmp_path):
    out = tmp_path / "clean"
    clean_job.run(spark, day_file(tmp_path, "2018-04-02", 1, 3, 86400), str(out))
    clean_job.run(spark, day_file(tmp_path, "2018-04-03", 100, 2, 2 * 86400), str(out))
    assert days_in(spark, out) == {"2018-04-03": 2}


def test_rejected_rows_and_the_report_go_where_the_caller_says(spark, tmp_path):
    raw = day_file(tmp_path, "2018-04-02", 1, 3, 86400)
    with open(raw, "a") as f:
        f.write("9,2018-04-02 06:51:03,,34,70.91,111063,1,0,0\n")
    report_file, rejected = tmp_path / "quality" / "2018-04-02.json", tmp_path / "rejected" / "2018-04-02"
    report = clean_job.run(
        spark, raw, str(tmp_path / "clean"), rejected=str(rejected), report=str(report_file)
    )
    assert json.loads(report_file.read_text())["rows_rejected"] == report["rows_rejected"] == 1
    assert [r["reason"] for r in spark.read.parquet(str(rejected)).collect()] == ["empty_field"]
    assert not (tmp_path / "clean" / "rejected").exists()
    assert not (tmp_path / "clean" / "quality-report.json").exists()


@pytest.mark.parametrize(
    ("read", "rejected", "limit", "fails"),
    [
        (100, 5, 0.05, False),  # exactly at the limit passes
        (100, 6, 0.05, True),
        (100, 100, None, False),  # no gate asked for
        (0, 0, 0.0, False),  # an empty day has no share to judge
        (1000, 1, 0.0, True),
    ],
)
def test_the_quality_gate_fails_only_above_its_share(read, rejected, limit, fails):
    report = {"rows_read": read, "rows_rejected": rejected, "input": "raw/2018-04-02.txt"}
    if fails:
        with pytest.raises(clean_job.QualityGateError, match=f"{rejected} of {read} rows rejected"):
            clean_job.check_rejected_share(report, limit)
    else:
        clean_job.check_rejected_share(report, limit)
