"""The Variable's validation: what each runner needs, and an error that names key, value and fix."""

import pytest

from antifraud_pipelines.settings import (
    COMMON_KEYS,
    RUNNER_KEYS,
    PipelineSettings,
    SettingsError,
    parse_settings,
)

LOCAL = {
    "runner": "local",
    "raw_uri": "/data/raw",
    "clean_uri": "/data/clean",
    "features_uri": "/data/features",
    "models_uri": "/data/models",
    "work_uri": "/data/runs",
    "python": "/repo/.venv/bin/python",
    "spark_master": "local[2]",
}
DATAPROC = {
    **{k: v for k, v in LOCAL.items() if k not in RUNNER_KEYS["local"]},
    "runner": "dataproc",
    "dataproc_cluster_id": "c9q0000000000000000",
    "jobs_uri": "s3a://jobs-bucket/jobs",
    "mlflow_tracking_uri": "http://mlflow.mlflow.svc.cluster.local:5000",
}


def test_a_local_variable_becomes_settings_with_nothing_else_set():
    assert parse_settings(LOCAL) == PipelineSettings(**LOCAL)
    assert parse_settings(LOCAL).dataproc_cluster_id is None


def test_the_cloud_variable_carries_the_sized_spark_profiles():
    profiles = {"etl": {"spark.dynamicAllocation.enabled": "true"}, "training": {}}
    assert parse_settings({**DATAPROC, "spark_properties": profiles}).spark_properties == profiles


def test_the_cloud_variable_with_the_tracking_uri_is_accepted():
    settings = parse_settings(DATAPROC)
    assert (settings.runner, settings.jobs_uri, settings.mlflow_tracking_uri) == (
        "dataproc",
        "s3a://jobs-bucket/jobs",
        "http://mlflow.mlflow.svc.cluster.local:5000",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "must be a JSON object, got list"),
        ({**LOCAL, "runner": "k8s"}, "key runner = 'k8s': set it to one of dataproc, local"),
        ({k: v for k, v in LOCAL.items() if k != "raw_uri"}, "key raw_uri = None: runner local needs it"),
        ({**LOCAL, "python": ""}, "key python = '': runner local needs it"),
        ({**LOCAL, "spark_master": 2}, "key spark_master = 2: runner local needs it"),
        ({**DATAPROC, "jobs_uri": None}, "key jobs_uri = None: runner dataproc needs it"),
        ({**LOCAL, "jobs_uri": "s3a://x/jobs"}, "unknown keys ['jobs_uri'] for runner local"),
        ({**DATAPROC, "python": "/usr/bin/python3"}, "unknown keys ['python'] for runner dataproc"),
        (
            {**LOCAL, "mlflow_tracking_uri": 5000},
            "key mlflow_tracking_uri = 5000: a non-empty string or absent",
        ),
        ({**DATAPROC, "signing_key_secret_id": ""}, "key signing_key_secret_id = '': a non-empty string"),
        ({**DATAPROC, "spark_properties": {"etl": {}}}, "spark_properties = {'etl': {}}: an object with"),
        (
            {**DATAPROC, "spark_properties": {"etl": {}, "training": {"spark.executor.instances": 2}}},
            "each of string property names to string values",
        ),
    ],
)
def test_each_mistake_is_named_with_its_key_and_value(value, message):
    with pytest.raises(SettingsError) as raised:
        parse_settings(value)
    assert message in str(raised.value)


@pytest.mark.parametrize("runner", sorted(RUNNER_KEYS))
@pytest.mark.parametrize("missing", range(len(COMMON_KEYS) - 1))
def test_every_common_key_is_required_for_every_runner(runner, missing):
    value = LOCAL if runner == "local" else DATAPROC
    key = COMMON_KEYS[1:][missing]
    with pytest.raises(SettingsError, match=f"key {key} = None"):
        parse_settings({k: v for k, v in value.items() if k != key})
