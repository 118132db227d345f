"""What each DAG task runs: the training package's job and its arguments for a logical date (pure).

Every path is derived from the date, so a rerun of a date rewrites exactly what the first run wrote:
the day's partition of the clean history, the day's quality report and rejected rows, the snapshot
named after the day, the week's run folder."""

from dataclasses import dataclass
from datetime import date, timedelta

from antifraud_pipelines.settings import PipelineSettings

# A day whose rejected share exceeds this fails its clean task, so its features are not refreshed.
MAX_REJECTED_SHARE = 0.05
# The handbook protocol the weekly retrain follows (the training package's defaults).
TRAIN_DAYS, DELAY_DAYS, TEST_DAYS = 7, 7, 7


# The Spark property profiles the program sizes for the cluster (sparkJobProperties): dynamic
# allocation for the ETL jobs, a fixed set of executors for XGBoost's barrier stage.
ETL, TRAINING = "etl", "training"
# On the cluster the spec is shipped with the job (--file-uris) and read from the job's working folder.
SPEC_FILE = "features.json"


@dataclass(frozen=True)
class JobCall:
    """One run of `python -m antifraud_training <job> <args...>`."""

    job: str
    args: tuple[str, ...]
    profile: str = ETL
    # URIs the cluster copies into the job's working folder (nothing locally: paths are local files).
    files: tuple[str, ...] = ()


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


def quality_report(settings: PipelineSettings, day: date) -> str:
    return _join(settings.work_uri, "quality", f"{day.isoformat()}.json")


def retrain_run_dir(settings: PipelineSettings, last_day: date) -> str:
    return _join(settings.work_uri, "retrain", last_day.isoformat())


def train_start(last_day: date) -> date:
    """First training day of the split whose test window ends on `last_day`."""
    return last_day - timedelta(days=TRAIN_DAYS + DELAY_DAYS + TEST_DAYS - 1)


def clean_day(settings: PipelineSettings, day: date) -> JobCall:
    """Cleans the day's raw file into the clean history, replacing only that day."""
    return JobCall(
        "clean",
        (
            "--raw",
            _join(settings.raw_uri, f"{day.isoformat()}.txt"),
            "--out",
            settings.clean_uri,
            "--keep-other-days",
            "--rejected",
            _join(settings.work_uri, "rejected", day.isoformat()),
            "--report",
            quality_report(settings, day),
            "--max-rejected-share",
            str(MAX_REJECTED_SHARE),
        ),
    )


def spec_args(settings: PipelineSettings) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(arguments, files): on the cluster the spec the program uploaded beside the jobs, shipped with
    the job; locally the package's default file."""
    if not settings.jobs_uri:
        return (), ()
    return ("--spec", SPEC_FILE), (_join(settings.jobs_uri, "contracts", SPEC_FILE),)


def signing_key_args(settings: PipelineSettings) -> tuple[str, ...]:
    """On the cluster the export reads the key from its Lockbox secret; locally from the environment."""
    if not settings.signing_key_secret_id:
        return ()
    return ("--signing-key", f"lockbox:{settings.signing_key_secret_id}")


def refresh_features(settings: PipelineSettings, day: date) -> JobCall:
    """The day's model inputs (from the days they look back on only; every day after a spec change) and
    the terminal snapshot as of the day (served the next)."""
    spec, files = spec_args(settings)
    return JobCall(
        "features",
        (
            "--clean",
            _join(settings.clean_uri, "transactions"),
            "--features-root",
            settings.features_uri,
            "--only-day",
            day.isoformat(),
            *spec,
        ),
        files=files,
    )


def retrain(settings: PipelineSettings, last_day: date) -> list[JobCall]:
    """Train a challenger on the window ending on `last_day`, evaluate it, compare it with the champion
    (paired bootstrap and guardrails) and export it; the export promotes it only when it wins."""
    run_dir = retrain_run_dir(settings, last_day)
    spec, files = spec_args(settings)
    features = ("--features-root", settings.features_uri, "--run-dir", run_dir)
    models = ("--models", settings.models_uri)
    return [
        JobCall(
            "train",
            (
                *features,
                "--train-start",
                train_start(last_day).isoformat(),
                "--train-days",
                str(TRAIN_DAYS),
                "--delay-days",
                str(DELAY_DAYS),
                "--test-days",
                str(TEST_DAYS),
                *spec,
            ),
            TRAINING,
            files,
        ),
        JobCall("evaluate", features, TRAINING),
        JobCall("compare", (*features, *models), TRAINING),
        JobCall("export", ("--run-dir", run_dir, *models, *signing_key_args(settings)), TRAINING),
    ]


RETRAIN_JOBS = ("train", "evaluate", "compare", "export")


def retrain_step(job: str):
    """The `retrain` call for one job, as a task's (settings, last day) -> JobCall."""
    if job not in RETRAIN_JOBS:
        raise ValueError(f"unknown retrain job {job!r}: one of {', '.join(RETRAIN_JOBS)}")

    def call(settings: PipelineSettings, last_day: date) -> JobCall:
        return next(c for c in retrain(settings, last_day) if c.job == job)

    return call
