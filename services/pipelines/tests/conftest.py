"""Airflow reads its home and config from the environment when first imported: each test session gets
a home of its own (removed at the end) and the repo's DAG folder, which is also on sys.path, as Airflow
puts it when it parses the DAGs."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[1] / "dags"
HOME = tempfile.mkdtemp(prefix="antifraud-airflow-home-")
os.environ["AIRFLOW_HOME"] = HOME
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
sys.path.insert(0, str(DAGS))


@pytest.fixture(scope="session", autouse=True)
def airflow_home():
    yield Path(HOME)
    shutil.rmtree(HOME, ignore_errors=True)
