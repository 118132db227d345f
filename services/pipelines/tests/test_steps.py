"""What each task runs for a date: exact job arguments, paths derived from the date only."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antifraud_pipelines.settings import PipelineSettings
from antifraud_pipelines.steps import (
    ETL,
    RETRAIN_JOBS,
    TRAINING,
    JobCall,
    clean_day,
    refresh_features,
    retrain,
    retrain_step,
    train_start,
)

LOCAL = PipelineSettings(
    runner="local",
    raw_uri="/d/raw/",
    clean_uri="/d/clean",
    features_uri="/d/features",
    models_uri="/d/models",
    work_uri="/d/runs",
    python="/repo/.venv/bin/python",
    spark_master="local[2]",
)
CLOUD = PipelineSettings(
    runner="dataproc",
    raw_uri="s3a://raw/",
    clean_uri="s3a://clean/clean",
    features_uri="s3a://clean/features",
    models_uri="s3a://models/",
    work_uri="s3a://clean/runs",
    dataproc_cluster_id="c9q",
    jobs_uri="s3a://jobs/jobs",
)
DAY = date(2018, 5, 27)


def test_the_daily_clean_replaces_only_its_day_and_gates_on_rejected_rows():
    assert clean_day(LOCAL, DAY) == JobCall(
        "clean",
        (
            "--raw",
            "/d/raw/2018-05-27.txt",
            "--out",
            "/d/clean",
            "--keep-other-days",
            "--rejected",
            "/d/runs/rejected/2018-05-27",
            "--report",
            "/d/runs/quality/2018-05-27.json",
            "--max-rejected-share",
            "0.05",
        ),
    )


@pytest.mark.parametrize(
    ("settings", "spec", "files"),
    [
        (LOCAL, (), ()),
        (CLOUD, ("--spec", "features.json"), ("s3a://jobs/jobs/contracts/features.json",)),
    ],
)
def test_the_day_alone_is_refreshed_with_the_uploaded_spec_in_the_cloud(settings, spec, files):
    assert refresh_features(settings, DAY) == JobCall(
        "features",
        (
            "--clean",
            f"{settings.clean_uri}/transactions",
            "--features-root",
            settings.features_uri,
            "--only-day",
            "2018-05-27",
            *spec,
        ),
        ETL,
        files,
    )


def test_the_retrain_runs_the_four_jobs_in_one_run_folder_named_after_the_last_day():
    calls = retrain(LOCAL, DAY)
    assert [c.job for c in calls] == list(RETRAIN_JOBS)
    run = ("--run-dir", "/d/runs/retrain/2018-05-27")
    assert calls[0].args == (
        "--features-root",
        "/d/features",
        *run,
        "--train-start",
        "2018-05-07",
        "--train-days",
        "7",
        "--delay-days",
        "7",
        "--test-days",
        "7",
    )
    assert calls[1].args == ("--features-root", "/d/features", *run)
    assert calls[2].args == ("--features-root", "/d/features", *run, "--models", "/d/models")
    assert calls[3].args == (*run, "--models", "/d/models")
    # XGBoost's barrier stage needs the fixed executors of the training profile, and so do the rest.
    assert [c.profile for c in calls] == [TRAINING] * 4
    assert clean_day(LOCAL, DAY).profile == ETL


def test_on_the_cluster_training_reads_the_spec_shipped_with_the_job():
    train = retrain(CLOUD, DAY)[0]
    assert (train.args[-2:], train.files) == (
        ("--spec", "features.json"),
        ("s3a://jobs/jobs/contracts/features.json",),
    )
    assert all(c.files == () for c in retrain(CLOUD, DAY)[1:])


def test_on_the_cluster_the_export_reads_the_signing_key_from_its_lockbox_secret():
    export = retrain(replace(CLOUD, signing_key_secret_id="e6qkey"), DAY)[3]
    assert export.args[-2:] == ("--signing-key", "lockbox:e6qkey")
    assert "--signing-key" not in retrain(LOCAL, DAY)[3].args


def test_retrain_step_picks_one_job_and_refuses_an_unknown_one():
    assert retrain_step("compare")(LOCAL, DAY) == retrain(LOCAL, DAY)[2]
    with pytest.raises(ValueError, match="unknown retrain job 'deploy'"):
        retrain_step("deploy")


days = st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31))


@given(days)
def test_the_split_ends_on_the_last_day_whatever_the_day(last_day):
    # train 7 + delay 7 + test 7 days: the test window's last day is the last day of data.
    assert train_start(last_day) + timedelta(days=20) == last_day


@given(days, days)
def test_two_dates_never_share_an_output_path(first, second):
    def outputs(day):
        clean = clean_day(LOCAL, day).args
        value = dict(zip(clean, clean[1:], strict=False))  # noqa: RUF007 (flag -> value)
        return {value["--raw"], value["--rejected"], value["--report"], retrain(LOCAL, day)[0].args[3]}

    if first != second:
        assert not outputs(first) & outputs(second)


def test_a_trailing_slash_in_a_root_never_doubles_a_separator():
    assert "//" not in "".join(clean_day(replace(LOCAL, work_uri="/d/runs/"), DAY).args)
