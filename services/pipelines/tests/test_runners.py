"""What each runner does with a job: the local command and environment, the cluster submission."""

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from antifraud_pipelines import runners
from antifraud_pipelines.steps import TRAINING, JobCall, refresh_features, retrain
from test_steps import CLOUD, DAY, LOCAL

PROFILES = {"etl": {"spark.dynamicAllocation.enabled": "true"}, "training": {"spark.executor.instances": "2"}}


def test_the_local_command_runs_the_package_on_the_configured_master():
    call = JobCall("evaluate", ("--run-dir", "/r"))
    assert runners.local_command(LOCAL, call) == [
        "/repo/.venv/bin/python",
        "-m",
        "antifraud_training",
        "evaluate",
        "--run-dir",
        "/r",
        "--master",
        "local[2]",
    ]


def test_the_tracking_uri_reaches_a_local_job_through_its_environment(monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert "MLFLOW_TRACKING_URI" not in runners.job_environment(LOCAL)
    tracked = replace(LOCAL, mlflow_tracking_uri="http://127.0.0.1:5000")
    assert runners.job_environment(tracked)["MLFLOW_TRACKING_URI"] == "http://127.0.0.1:5000"


@pytest.mark.parametrize(
    ("lines", "result"),
    [
        (['{"version": "v1"}'], {"version": "v1"}),
        (['{"version": "v1"}', "INFO shutting down", "[1, 2]"], {"version": "v1"}),
        (["no summary"], None),
    ],
)
def test_the_result_is_the_last_json_object_the_job_printed(lines, result):
    assert runners.last_json_line(lines) == result


def test_a_failing_local_job_fails_the_task_with_its_command(tmp_path):
    # The Airflow virtualenv has no training package: `-m antifraud_training` exits 1.
    failing = replace(LOCAL, python=sys.executable)
    call = JobCall("no-such-job", ())
    with pytest.raises(runners.JobFailedError, match="no-such-job exited with 1"):
        runners.run_local(failing, call)


def test_a_cluster_job_carries_its_profile_the_shipped_spec_and_the_tracking_uri():
    cloud = replace(CLOUD, spark_properties=PROFILES, mlflow_tracking_uri="http://10.0.0.9:5000")
    train = retrain(cloud, DAY)[0]
    operator = runners.dataproc_job(cloud, train, "train")
    assert (operator.cluster_id, operator.main_python_file_uri, operator.python_file_uris) == (
        "c9q",
        "s3a://jobs/jobs/spark_entry.py",
        ["s3a://jobs/jobs/antifraud_training.zip"],
    )
    assert operator.args == ["train", *train.args]
    assert operator.file_uris == ["s3a://jobs/jobs/contracts/features.json"]
    assert operator.properties == {
        "spark.executor.instances": "2",
        runners.TRACKING_URI_PROPERTY: "http://10.0.0.9:5000",
    }
    assert train.profile == TRAINING


def test_an_etl_job_gets_the_etl_profile_and_no_tracking_property_without_a_uri():
    operator = runners.dataproc_job(
        replace(CLOUD, spark_properties=PROFILES), refresh_features(CLOUD, DAY), "f"
    )
    assert operator.properties == {"spark.dynamicAllocation.enabled": "true"}


def test_the_export_reads_the_tracking_property_the_runner_sets():
    # Two deployables (Airflow, the Spark jobs) that share no code: the name is checked here instead.
    export = Path(__file__).resolve().parents[2] / "training/src/antifraud_training/export/mlflow_log.py"
    assert f'TRACKING_URI_PROPERTY = "{runners.TRACKING_URI_PROPERTY}"' in export.read_text()
