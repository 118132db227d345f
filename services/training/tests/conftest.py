"""One local Spark for the whole test session (start-up is the expensive part)."""

import pytest
from pyspark.sql import SparkSession

from antifraud_training.session import build_session


@pytest.fixture(scope="session")
def spark() -> SparkSession:
    session = build_session(
        "antifraud-tests",
        master="local[2]",
        shuffle_partitions=2,
        ui=False,
        settings={"spark.driver.memory": "2g"},
    )
    yield session
    session.stop()
