"""Weekly (schedule: [antifraud] retrain_schedule in the Airflow config): train a challenger on the
window ending on the interval's last day, evaluate it, compare it with the champion (paired bootstrap,
guardrails) and export it; the export promotes it only when it wins and records the decision."""

from datetime import timedelta
from itertools import pairwise

from airflow import DAG
from airflow.configuration import conf

from antifraud_pipelines.defaults import DEFAULT_ARGS, START_DATE
from antifraud_pipelines.operator import AntifraudJobOperator, interval_last_day
from antifraud_pipelines.steps import RETRAIN_JOBS, retrain_step

with DAG(
    dag_id="antifraud_weekly_retrain",
    description="train a challenger, compare it with the champion, promote it only when it wins",
    schedule=conf.get("antifraud", "retrain_schedule", fallback="@weekly"),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "sla": timedelta(hours=8)},
    tags=["antifraud"],
) as dag:
    tasks = [
        AntifraudJobOperator(task_id=job, call=retrain_step(job), day=interval_last_day)
        for job in RETRAIN_JOBS
    ]
    for upstream, downstream in pairwise(tasks):
        upstream >> downstream
