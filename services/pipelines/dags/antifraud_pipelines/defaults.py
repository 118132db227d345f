"""Task defaults shared by the DAGs: retries with back-off, an SLA, no runs before the data begins."""

from datetime import timedelta

import pendulum

# The first day of the history the pipelines were built on; catchup is off, so a new deployment
# starts at its latest interval, not here.
START_DATE = pendulum.datetime(2018, 4, 1, tz="UTC")

DEFAULT_ARGS = {
    "owner": "antifraud",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=4),
}
