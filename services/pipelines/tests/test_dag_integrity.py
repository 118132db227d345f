"""The DAG files as the scheduler parses them: no import errors, no Variable or file read at parse
time, the schedule, retries and SLA each DAG promises, and the task order."""

from datetime import timedelta
from itertools import pairwise

import pytest
from airflow.models import DagBag, Variable

from conftest import DAGS

EXPECTED = {
    "antifraud_daily_refresh": ("@daily", ["clean", "features"], timedelta(hours=3)),
    "antifraud_weekly_retrain": (
        "@weekly",
        ["train", "evaluate", "compare", "export"],
        timedelta(hours=8),
    ),
}


def parse(monkeypatch) -> DagBag:
    def no_variables_at_parse_time(*args, **kwargs):
        raise AssertionError(f"a DAG file read a Variable while being parsed: {args}")

    monkeypatch.setattr(Variable, "get", no_variables_at_parse_time)
    return DagBag(dag_folder=str(DAGS), include_examples=False)


@pytest.fixture
def bag(monkeypatch) -> DagBag:
    return parse(monkeypatch)


def test_the_folder_parses_without_import_errors_into_exactly_the_two_dags(bag):
    assert bag.import_errors == {}
    assert sorted(bag.dag_ids) == sorted(EXPECTED)


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_each_dag_has_its_schedule_order_retries_and_sla(bag, dag_id):
    schedule, order, sla = EXPECTED[dag_id]
    dag = bag.dags[dag_id]
    assert (dag.schedule_interval, dag.catchup, dag.max_active_runs) == (schedule, False, 1)
    assert [t.task_id for t in dag.topological_sort()] == order
    for upstream, downstream in pairwise(order):
        assert dag.get_task(upstream).downstream_task_ids == {downstream}
    for task in dag.tasks:
        assert (task.retries, task.sla, task.retry_exponential_backoff) == (2, sla, True)


def test_the_retrain_schedule_comes_from_the_airflow_config(monkeypatch):
    monkeypatch.setenv("AIRFLOW__ANTIFRAUD__RETRAIN_SCHEDULE", "0 3 * * 1")
    assert parse(monkeypatch).dags["antifraud_weekly_retrain"].schedule_interval == "0 3 * * 1"


def test_a_broken_dag_file_is_reported_as_an_import_error(tmp_path, monkeypatch):
    # The check above could pass on an empty folder: a folder with a broken copy shows it would fail.
    (tmp_path / "broken_dag.py").write_text(
        "from airflow import DAG\nfrom antifraud_pipelines.steps import no_such_step\n"
    )
    bag = DagBag(dag_folder=str(tmp_path), include_examples=False)
    assert list(bag.import_errors) == [str(tmp_path / "broken_dag.py")]
