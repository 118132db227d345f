"""The pipelines' settings: the Airflow Variable `antifraud_pipeline`, a JSON object read when a task
runs (never while a DAG file is parsed). In the cloud the Lockbox secrets backend serves it (the Pulumi
program writes it); locally it comes from the environment (AIRFLOW_VAR_ANTIFRAUD_PIPELINE)."""

from dataclasses import dataclass

VARIABLE = "antifraud_pipeline"
RUNNERS = ("dataproc", "local")
COMMON_KEYS = ("runner", "raw_uri", "clean_uri", "features_uri", "models_uri", "work_uri")
RUNNER_KEYS = {
    # The cluster the jobs are submitted to, and where the program uploaded spark_entry.py, the
    # package zip and the feature spec.
    "dataproc": ("dataproc_cluster_id", "jobs_uri"),
    # The training virtualenv's interpreter and the local Spark master.
    "local": ("python", "spark_master"),
}
# mlflow_tracking_uri: where the export logs its run. spark_properties: {"etl": {...}, "training":
# {...}}, the program's sparkJobProperties, submitted with each job of that profile on the cluster.
# signing_key_secret_id: the Lockbox secret the export reads the model signing key from on the cluster
# (locally the key is the worker's MODEL_SIGNING_KEY_FILE).
OPTIONAL_KEYS = ("mlflow_tracking_uri", "spark_properties", "signing_key_secret_id")
PROFILES = ("etl", "training")


class SettingsError(ValueError):
    """The Variable is missing a key, has an unknown one, or a value of the wrong kind."""


@dataclass(frozen=True)
class PipelineSettings:
    runner: str
    raw_uri: str
    clean_uri: str
    features_uri: str
    models_uri: str
    work_uri: str
    dataproc_cluster_id: str | None = None
    jobs_uri: str | None = None
    python: str | None = None
    spark_master: str | None = None
    mlflow_tracking_uri: str | None = None
    spark_properties: dict[str, dict[str, str]] | None = None
    signing_key_secret_id: str | None = None


def parse_settings(value: object) -> PipelineSettings:
    """Validates the Variable's value; each error names the key, the value and the fix."""
    if not isinstance(value, dict):
        raise SettingsError(
            f"Variable {VARIABLE} must be a JSON object, got {type(value).__name__}: set it to "
            f'{{"runner": "local", ...}} with the keys {", ".join(COMMON_KEYS)}'
        )
    runner = value.get("runner")
    if runner not in RUNNERS:
        raise SettingsError(
            f"Variable {VARIABLE} key runner = {runner!r}: set it to one of {', '.join(RUNNERS)}"
        )
    required = COMMON_KEYS + RUNNER_KEYS[runner]
    for key in required:
        if not isinstance(value.get(key), str) or not value[key]:
            raise SettingsError(
                f"Variable {VARIABLE} key {key} = {value.get(key)!r}: runner {runner} needs it as a "
                "non-empty string"
            )
    allowed = set(required) | set(OPTIONAL_KEYS)
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise SettingsError(
            f"Variable {VARIABLE} has unknown keys {unknown} for runner {runner}: remove them "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    for key in ("mlflow_tracking_uri", "signing_key_secret_id"):
        if key in value and not (isinstance(value[key], str) and value[key]):
            raise SettingsError(
                f"Variable {VARIABLE} key {key} = {value[key]!r}: a non-empty string or absent"
            )
    if "spark_properties" in value:
        check_spark_properties(value["spark_properties"])
    return PipelineSettings(**{key: value[key] for key in value})


def check_spark_properties(properties: object) -> None:
    def is_profile(entries: object) -> bool:
        return isinstance(entries, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in entries.items()
        )

    if not (
        isinstance(properties, dict)
        and sorted(properties) == sorted(PROFILES)
        and all(is_profile(properties[p]) for p in PROFILES)
    ):
        raise SettingsError(
            f"Variable {VARIABLE} key spark_properties = {properties!r}: an object with exactly the "
            f"profiles {', '.join(PROFILES)}, each of string property names to string values "
            "(the program's sparkJobProperties output)"
        )
