"""Daily: clean the day that just ended, append it to the clean history (a failed data-quality gate
stops here), refresh the features and write the terminal snapshot the scorers hot-reload for the next
day. Idempotent per logical date: a rerun replaces exactly that day's outputs."""

from datetime import timedelta

from airflow import DAG

from antifraud_pipelines.defaults import DEFAULT_ARGS, START_DATE
from antifraud_pipelines.operator import AntifraudJobOperator
from antifraud_pipelines.steps import clean_day, refresh_features

with DAG(
    dag_id="antifraud_daily_refresh",
    description="clean the new raw day, refresh features, write the next day's terminal snapshot",
    schedule="@daily",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "sla": timedelta(hours=3)},
    tags=["antifraud"],
) as dag:
    clean = AntifraudJobOperator(task_id="clean", call=clean_day)
    features = AntifraudJobOperator(task_id="features", call=refresh_features)
    clean >> features
