"""The one place that builds a SparkSession: UTC everywhere, master only when nobody set one."""

from pyspark import SparkConf
from pyspark.sql import SparkSession

DEFAULT_LOCAL_MASTER = "local[2]"
# Spark's default of 200 shuffle partitions costs more in task overhead than it gains on one machine.
LOCAL_SHUFFLE_PARTITIONS = 8


def build_session(
    app_name: str, master: str | None = None, shuffle_partitions: int | None = None, ui: bool = True
) -> SparkSession:
    """spark-submit (local or YARN on Data Processing) sets spark.master itself; `python -m` does not."""
    conf = SparkConf()
    resolved_master = master or conf.get("spark.master", DEFAULT_LOCAL_MASTER)
    if shuffle_partitions is None and resolved_master.startswith("local"):
        shuffle_partitions = LOCAL_SHUFFLE_PARTITIONS
    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.sql.session.timeZone", "UTC")
        # Unparsable datetimes (e.g. 24:00:00) become null and are counted by the clean job, instead of
        # failing the job through Spark's legacy-parser comparison.
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
        # The cleaning rules are wide CASE expressions; inferring constraints from filters on them makes
        # the optimizer take minutes on a one-row frame.
        .config("spark.sql.constraintPropagation.enabled", "false")
    )
    if master:
        builder = builder.master(master)
    elif not conf.contains("spark.master"):
        builder = builder.master(DEFAULT_LOCAL_MASTER)
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    builder = builder.config("spark.ui.showConsoleProgress", "false").config(
        "spark.ui.enabled", str(ui).lower()
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session
