"""A failed job ends with one line naming the stage, the cause and the setting to change."""

import subprocess
import sys
from pathlib import Path

import pytest

from antifraud_training.failures import diagnose, failure_line, first_line, gateway_lost

REPO = Path(__file__).resolve().parents[3]

CASES = [
    (
        "Py4JJavaError: An error occurred while calling o75.parquet.\n: org.apache.spark.SparkException: "
        "Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times, most recent failure: "
        "Lost task 0.0 in stage 3.0 (TID 3): java.lang.OutOfMemoryError: Java heap space\n\tat java.util...",
        "out of memory (Java heap)",
        "raise --driver-memory",
    ),
    (
        "SparkException: ... Container killed by YARN for exceeding physical memory limits. 9.1 GB of 9 GB",
        "out of memory outside the JVM heap (Python worker or container)",
        "spark.executor.pyspark.memory",
    ),
    (
        "SparkException: Job aborted due to stage failure: ExecutorLostFailure (executor 3 exited caused by "
        "one of the running tasks) Reason: Container marked as failed",
        "lost executor (usually killed for memory, or a preempted host)",
        "spark.executor.memoryOverhead",
    ),
    (
        "AnalysisException: [PATH_NOT_FOUND] Path does not exist: file:/data/raw-typo.",
        "bad input path",
        "check --raw",
    ),
    ("FileNotFoundError: no *.txt raw files under /tmp/empty", "bad input path", "check --raw"),
    (
        "SparkException: [SPARK-24942]: Barrier execution mode does not support dynamic resource allocation",
        "distributed training needs a fixed set of executors",
        "spark.dynamicAllocation.enabled=false",
    ),
    ("ValueError: something else entirely", "unexpected error", "see the Spark log"),
]


@pytest.mark.parametrize(("message", "cause", "setting"), CASES)
def test_diagnosis(message, cause, setting):
    found = diagnose(message, "clean", local=not ("YARN" in message or "Executor" in message))
    assert (found.cause, setting in found.setting) == (cause, True)


def test_a_python_worker_error_names_the_python_exception():
    message = (
        "PythonException: \n  An exception was thrown from the Python worker.\n"
        "Traceback (most recent call last):\n"
        "  File \"x.py\", line 3, in f\nModuleNotFoundError: No module named 'pandas'\n"
    )
    assert first_line(message) == "ModuleNotFoundError: No module named 'pandas'"


def test_the_line_names_stage_cause_detail_setting_and_current_settings():
    line = failure_line("clean", diagnose(CASES[0][0], "clean", True), "spark: driver.memory=1g")
    assert line.startswith("antifraud: stage clean failed: out of memory (Java heap) (")
    assert "java.lang.OutOfMemoryError: Java heap space" in line
    assert line.endswith("[spark: driver.memory=1g]") and "\n" not in line


def run_clean(raw: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "antifraud_training", "clean", "--raw", str(raw), "--out", str(out), *flags],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "SPARK_LOCAL_IP": "127.0.0.1", "HOME": str(out.parent)},
    )


def assert_one_failure_line(done: subprocess.CompletedProcess, expected_start: str) -> str:
    assert done.returncode == 2, done.stderr
    ours = [line for line in done.stderr.splitlines() if line.startswith("antifraud: ")]
    assert len(ours) == 1 and ours[0].startswith(expected_start), done.stderr
    assert done.stderr.rstrip().splitlines()[-1] == ours[0]
    assert "Traceback" not in done.stderr and "\tat " not in done.stderr
    return ours[0]


def test_a_bad_input_path_exits_2_with_one_line(tmp_path):
    done = run_clean(tmp_path / "no-such-folder", tmp_path / "out", "--master", "local[1]")
    line = assert_one_failure_line(done, "antifraud: stage clean failed: bad input path (")
    assert "check --raw" in line and "no-such-folder" in line


def test_a_heap_too_small_for_the_input_exits_2_naming_the_heap_setting(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    # A corrupt day file without line breaks: the reader must hold the whole 'line' at once.
    with open(raw / "2018-04-01.txt", "w") as file:
        chunk = "1,2018-04-01 00:00:01,1,1,10.0,1,0,0,0;" * 20000
        for _ in range(400):
            file.write(chunk)
    done = run_clean(raw, tmp_path / "out", "--master", "local[1]", "--driver-memory", "512m")
    line = assert_one_failure_line(done, "antifraud: stage clean failed: out of memory (Java heap) (")
    assert "raise --driver-memory" in line and "driver.memory=512m" in line


@pytest.mark.parametrize(
    "error, lost",
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (RuntimeError("wrapped"), False),
        (ValueError("no model signing key"), False),
    ],
)
def test_a_lost_gateway_is_recognised_through_the_exception_chain(error, lost):
    assert gateway_lost(error) is lost
    try:
        try:
            raise error
        except BaseException as inner:
            raise RuntimeError("stage failed") from inner
    except RuntimeError as outer:
        assert gateway_lost(outer) is lost
