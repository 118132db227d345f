"""The one switch between the two places a job runs: the settings' `runner`.

`local`: the training virtualenv's interpreter runs the job on local Spark, as `npm run demo` does; its
output goes to the task log and its last line (every job prints a JSON summary last) is the task's
result. `dataproc`: the job is submitted to the Data Processing cluster from the files the Pulumi
program uploaded (spark_entry.py, the package zip), and the provider waits for it to finish."""

import json
import logging
import os
import subprocess

from antifraud_pipelines.settings import PipelineSettings
from antifraud_pipelines.steps import JobCall

log = logging.getLogger(__name__)


class JobFailedError(RuntimeError):
    """The job exited non-zero; its output is in the task log above."""


def local_command(settings: PipelineSettings, call: JobCall) -> list[str]:
    return [
        settings.python,
        "-m",
        "antifraud_training",
        call.job,
        *call.args,
        "--master",
        settings.spark_master,
    ]


def job_environment(settings: PipelineSettings) -> dict[str, str]:
    env = dict(os.environ)
    if settings.mlflow_tracking_uri:
        env["MLFLOW_TRACKING_URI"] = settings.mlflow_tracking_uri
    return env


def last_json_line(lines: list[str]) -> dict | None:
    for line in reversed(lines):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def run_local(settings: PipelineSettings, call: JobCall) -> dict | None:
    command = local_command(settings, call)
    log.info("running %s", " ".join(command))
    lines: list[str] = []
    with subprocess.Popen(
        command,
        env=job_environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            log.info("%s", lines[-1])
    if process.returncode != 0:
        raise JobFailedError(f"{call.job} exited with {process.returncode}: {' '.join(command)}")
    return last_json_line(lines)


# The export reads the tracking URI from this Spark property when its environment has none: a job
# submitted to the cluster gets properties, not environment variables.
TRACKING_URI_PROPERTY = "spark.antifraud.mlflow.trackingUri"


def dataproc_properties(settings: PipelineSettings, call: JobCall) -> dict[str, str]:
    """The profile's sized properties, and the MLflow tracking URI."""
    properties = dict((settings.spark_properties or {}).get(call.profile, {}))
    if settings.mlflow_tracking_uri:
        properties[TRACKING_URI_PROPERTY] = settings.mlflow_tracking_uri
    return properties


def dataproc_job(settings: PipelineSettings, call: JobCall, task_id: str):
    from airflow.providers.yandex.operators.dataproc import DataprocCreatePysparkJobOperator

    jobs = settings.jobs_uri.rstrip("/")
    return DataprocCreatePysparkJobOperator(
        task_id=f"{task_id}-submit",
        cluster_id=settings.dataproc_cluster_id,
        main_python_file_uri=f"{jobs}/spark_entry.py",
        python_file_uris=[f"{jobs}/antifraud_training.zip"],
        file_uris=list(call.files),
        args=[call.job, *call.args],
        properties=dataproc_properties(settings, call),
        name=f"antifraud-{call.job}",
    )


def run(settings: PipelineSettings, call: JobCall, context) -> dict | None:
    if settings.runner == "local":
        return run_local(settings, call)
    dataproc_job(settings, call, context["task"].task_id).execute(context)
    return None
