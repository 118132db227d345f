"""AntifraudJobOperator: one task = one job of the training package for the run's logical date.

The DAG file names the step; the settings (Variable `antifraud_pipeline`) and the date are read when the
task runs, so parsing a DAG file touches no Variable, no file and no network."""

from collections.abc import Callable
from datetime import date, timedelta

from airflow.models import BaseOperator, Variable

from antifraud_pipelines import runners
from antifraud_pipelines.settings import VARIABLE, PipelineSettings, parse_settings
from antifraud_pipelines.steps import JobCall


def interval_day(context) -> date:
    """The day a daily run processes: its data interval's first (and only) day, i.e. the last complete
    day when the run starts, for scheduled and manual runs alike."""
    return context["data_interval_start"].date()


def interval_last_day(context) -> date:
    """The last complete day of a run's data interval (a weekly run trains on the window ending there)."""
    return context["data_interval_end"].date() - timedelta(days=1)


class AntifraudJobOperator(BaseOperator):
    ui_color = "#f4d6c6"

    def __init__(
        self,
        *,
        call: Callable[[PipelineSettings, date], JobCall],
        day: Callable[[object], date] = interval_day,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.call, self.day = call, day

    def execute(self, context):
        settings = parse_settings(Variable.get(VARIABLE, deserialize_json=True))
        call = self.call(settings, self.day(context))
        return {"job": call.job, "args": list(call.args), "result": runners.run(settings, call, context)}
