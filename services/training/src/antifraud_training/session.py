"""The one place that builds a SparkSession: UTC everywhere, memory and parallelism from flags, from what
spark-submit set, or derived from the machine in local mode (antifraud_training.resources)."""

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from pyspark import SparkConf
from pyspark.sql import SparkSession

from antifraud_training.resources import Machine, effective_settings, parse_conf_pairs

DEFAULT_LOCAL_MASTER = "local[2]"
# Local runs log warnings on one line each and never a stack trace: a failure ends with the one line
# antifraud_training.failures prints, instead of pages of JVM and Py4J traces. On a cluster the
# cluster's own logging applies.
LOCAL_LOG4J2 = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %maxLen{%m}{300}%n
appender.console.layout.alwaysWriteExceptions = false
logger.tasks.name = org.apache.spark.scheduler.TaskSetManager
logger.tasks.level = error
logger.parquet.name = org.apache.parquet
logger.parquet.level = error
"""
SETTING_KEYS = (
    "spark.master",
    "spark.driver.memory",
    "spark.executor.memory",
    "spark.executor.instances",
    "spark.executor.cores",
    "spark.sql.shuffle.partitions",
    "spark.dynamicAllocation.enabled",
)


class _DropPy4jRecords(logging.Filter):
    """Py4J logs every failed call with a traceback on the root logger once the JVM is gone."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "/py4j/" not in record.pathname.replace("\\", "/")


# What the last build_session applied, readable after the JVM died.
_applied: dict[str, str] = {}


def describe_applied() -> str:
    shown = [f"{key.removeprefix('spark.')}={_applied[key]}" for key in SETTING_KEYS if key in _applied]
    return "spark: " + ", ".join(shown) if shown else ""


def jvm_exit_code(wait_seconds: float = 0.0) -> int | None:
    """Exit code of the local driver JVM when it has died (52: out of memory), else None. Waits up to
    `wait_seconds` for a dying JVM: Python can see the gateway's socket close before the process ends."""
    import subprocess

    from pyspark import SparkContext

    gateway = SparkContext._gateway
    process = getattr(gateway, "proc", None) if gateway is not None else None
    if process is None:
        return None
    try:
        return process.wait(timeout=wait_seconds) if wait_seconds > 0 else process.poll()
    except subprocess.TimeoutExpired:
        return None


def this_machine() -> Machine:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return Machine(cores=cores, memory_bytes=os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


def add_spark_arguments(parser: argparse.ArgumentParser) -> None:
    """The Spark flags every job takes (they win over spark-submit's properties and the local defaults)."""
    group = parser.add_argument_group("Spark")
    group.add_argument(
        "--master", help=f"Spark master when not run by spark-submit (default {DEFAULT_LOCAL_MASTER})"
    )
    group.add_argument(
        "--driver-memory", help="driver heap, e.g. 4g (local default: a quarter of the machine's memory)"
    )
    group.add_argument(
        "--shuffle-partitions", type=int, help="initial shuffle partitions (local default: 16 per core)"
    )
    group.add_argument(
        "--conf", action="append", default=[], metavar="KEY=VALUE", help="any Spark property; repeatable"
    )


def flag_settings(args: argparse.Namespace) -> dict[str, str]:
    settings = parse_conf_pairs(getattr(args, "conf", []) or [])
    if getattr(args, "driver_memory", None):
        settings["spark.driver.memory"] = args.driver_memory
    if getattr(args, "shuffle_partitions", None):
        settings["spark.sql.shuffle.partitions"] = str(args.shuffle_partitions)
    return settings


def session_from_args(app_name: str, args: argparse.Namespace) -> SparkSession:
    return build_session(app_name, getattr(args, "master", None), settings=flag_settings(args))


def _local_log_config() -> str:
    path = Path(tempfile.gettempdir()) / "antifraud-spark-log4j2.properties"
    if not path.exists() or path.read_text() != LOCAL_LOG4J2:
        temp = path.with_suffix(f".{os.getpid()}")
        temp.write_text(LOCAL_LOG4J2)
        os.replace(temp, path)
    return str(path)


def build_session(
    app_name: str,
    master: str | None = None,
    shuffle_partitions: int | None = None,
    ui: bool = True,
    settings: dict[str, str] | None = None,
) -> SparkSession:
    """spark-submit (local or YARN on Data Processing) sets spark.master itself; `python -m` does not."""
    logging.getLogger("py4j").setLevel(logging.CRITICAL)
    if not any(isinstance(f, _DropPy4jRecords) for f in logging.getLogger().filters):
        logging.getLogger().addFilter(_DropPy4jRecords())
    submitted = dict(SparkConf().getAll())
    resolved_master = master or submitted.get("spark.master", DEFAULT_LOCAL_MASTER)
    flags = dict(settings or {})
    if shuffle_partitions:
        flags["spark.sql.shuffle.partitions"] = str(shuffle_partitions)
    chosen = effective_settings(resolved_master, this_machine(), submitted, flags)
    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.sql.session.timeZone", "UTC")
        # Unparsable datetimes (e.g. 24:00:00) become null and are counted by the clean job, instead of
        # failing the job through Spark's legacy-parser comparison.
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
        # The cleaning rules are wide CASE expressions; inferring constraints from filters on them makes
        # the optimizer take minutes on a one-row frame.
        .config("spark.sql.constraintPropagation.enabled", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.ui.enabled", str(ui).lower())
    )
    if master or "spark.master" not in submitted:
        builder = builder.master(resolved_master)
    if resolved_master.startswith("local"):
        if "spark.driver.extraJavaOptions" not in submitted:
            builder = builder.config(
                "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{_local_log_config()}"
            )
        # Local Python workers run this interpreter (its virtualenv has pandas, XGBoost, onnxruntime).
        if "spark.pyspark.python" not in submitted:
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in chosen.items():
        builder = builder.config(key, value)
    _applied.clear()
    _applied.update({**submitted, **chosen, "spark.master": resolved_master})
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


def describe(spark: SparkSession) -> str:
    """One line with the settings that size the run (for progress output and failure messages)."""
    conf = spark.sparkContext.getConf()
    shown = [f"{key.removeprefix('spark.')}={conf.get(key)}" for key in SETTING_KEYS if conf.contains(key)]
    return "spark: " + ", ".join(shown)
