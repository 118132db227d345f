"""A failed job ends with one readable line: the stage, the cause and the setting to change, and exit
code 2, instead of a cascade of JVM and Py4J tracebacks.

`diagnose` is pure (a table of message patterns, first match wins); `stage_failures` turns an exception
inside a stage into that line.
"""

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

EXIT_CODE = 2
DETAIL_CHARS = 160


@dataclass(frozen=True)
class Diagnosis:
    cause: str
    setting: str
    detail: str


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern
    cause: str
    local_setting: str
    cluster_setting: str


def _rule(pattern: str, cause: str, local: str, cluster: str | None = None) -> _Rule:
    return _Rule(re.compile(pattern, re.IGNORECASE), cause, local, cluster or local)


RULES = (
    _rule(
        r"Container killed by YARN for exceeding (physical )?memory|exceeding memory limits|"
        r"Python worker exited unexpectedly|worker crashed",
        "out of memory outside the JVM heap (Python worker or container)",
        "raise the machine's free memory or lower --shuffle-partitions' partition size "
        "(more partitions: --shuffle-partitions)",
        "raise spark.executor.pyspark.memory / spark.executor.memoryOverhead "
        "(job properties: antifraud:spark sizes)",
    ),
    _rule(
        r"OutOfMemoryError|Java heap space|GC overhead limit exceeded|Unable to acquire \d+ bytes of memory",
        "out of memory (Java heap)",
        "raise --driver-memory (spark.driver.memory; local executors share the driver's heap) "
        "or split the work finer with --shuffle-partitions",
        "raise spark.executor.memory or spark.sql.shuffle.partitions in the job properties",
    ),
    _rule(
        r"BarrierJobRunWithDynamicAllocationException|does not support dynamic resource allocation",
        "distributed training needs a fixed set of executors",
        "--conf spark.dynamicAllocation.enabled=false",
    ),
    _rule(
        r"BarrierJobSlotsNumberCheckFailed|barrier stage that requires more slots",
        "more XGBoost workers than free task slots",
        "lower --train-workers (spark.antifraud.train.workers) to at most the executors' cores",
    ),
    _rule(
        r"ExecutorLostFailure|Executor heartbeat timed out|Lost executor|Slave lost|"
        r"SparkContext was shut down|Connection reset by peer|Answer from Java side is empty",
        "lost executor (usually killed for memory, or a preempted host)",
        "raise --driver-memory (the local executor is the driver's JVM)",
        "raise spark.executor.memoryOverhead, or set antifraud:spark.compute.preemptible=false",
    ),
    _rule(
        r"Path does not exist|PATH_NOT_FOUND|No such file or directory|FileNotFoundException|"
        r"no \*\.txt raw files|UNABLE_TO_INFER_SCHEMA|Unable to infer schema",
        "bad input path",
        "{input}",
    ),
)
# The input flag of each stage, named in a bad-input-path message.
STAGE_INPUTS = {
    "clean": "--raw",
    "features": "--clean",
    "train": "--features-root",
    "evaluate": "--features-root / --run-dir",
    "compare": "--run-dir / --models",
    "export": "--run-dir / --models",
}


def first_line(message: str) -> str:
    """The most telling line of a JVM/Python error text, trimmed: a Python traceback's last error line
    (an error in a Python worker), else the first line naming an error."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    raised = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception): \S", line)]
    if "Traceback" in message and raised:
        return raised[-1][:DETAIL_CHARS]
    for line in lines:
        if re.search(r"(Error|Exception|Failure|does not exist|no \*\.txt)", line) and not line.startswith(
            "at "
        ):
            return line[:DETAIL_CHARS]
    return (lines[0] if lines else "no message")[:DETAIL_CHARS]


def _detail_at(message: str, match: re.Match) -> str:
    """The matched text from the error name before it on its line, e.g. java.lang.OutOfMemoryError: ..."""
    line_start = message.rfind("\n", 0, match.start()) + 1
    line_end = message.find("\n", match.end())
    line = message[line_start : len(message) if line_end < 0 else line_end]
    offset = match.start() - line_start
    names = [
        m.start() for m in re.finditer(r"[\w.$]+(Error|Exception|Failure)\b", line) if m.start() <= offset
    ]
    return line[names[-1] if names else offset :].strip()[:DETAIL_CHARS]


def diagnose(message: str, stage: str, local: bool) -> Diagnosis:
    for rule in RULES:
        match = rule.pattern.search(message)
        if match:
            setting = rule.local_setting if local else rule.cluster_setting
            setting = setting.format(input=f"check {STAGE_INPUTS.get(stage, 'the input path')}")
            return Diagnosis(rule.cause, setting, _detail_at(message, match))
    return Diagnosis("unexpected error", "see the Spark log for the stack trace", first_line(message))


# SparkExitCode: why the JVM itself exited.
JVM_EXIT_CODES = {
    52: "java.lang.OutOfMemoryError: the driver JVM ran out of heap and exited (code 52)",
    50: "the driver JVM exited on an uncaught exception (code 50)",
}


def describe_error(error: BaseException, jvm_exit: int | None = None) -> str:
    """Text of an exception and the ones it was raised from, robust to a dead JVM (whose Py4J errors
    cannot even be printed); a dead JVM's exit code comes first."""
    parts = []
    if jvm_exit is not None:
        parts.append(
            JVM_EXIT_CODES.get(jvm_exit, f"Lost executor: the driver JVM exited with code {jvm_exit}")
        )
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        try:
            text = str(error)
        except Exception:
            text = "(message unavailable: the JVM is gone)"
        parts.append(f"{type(error).__name__}: {text}")
        error = error.__cause__ or error.__context__
    return "\n".join(parts)


# How long a lost Py4J connection waits for the JVM's exit code (an OOM exits with 52 a moment later).
GATEWAY_LOST_WAIT_S = 10.0


def gateway_lost(error: BaseException | None) -> bool:
    """Whether the error (or one it came from) is the Py4J connection to the driver JVM breaking."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ConnectionRefusedError | ConnectionResetError | BrokenPipeError) or (
            type(error).__name__ == "Py4JNetworkError"
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


def failure_line(stage: str, diagnosis: Diagnosis, settings: str) -> str:
    return (
        f"antifraud: stage {stage} failed: {diagnosis.cause} ({diagnosis.detail}); "
        f"{diagnosis.setting} [{settings}]"
    )


@contextmanager
def stage_failures(stage: str, settings=lambda: "", local=lambda: True) -> Iterator[None]:
    """Runs a stage; any exception becomes the one line on stderr and exit code 2. `settings` and
    `local` are called only on failure (the Spark session may be gone by then)."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        from antifraud_training.session import describe_applied, jvm_exit_code

        exit_code = jvm_exit_code(GATEWAY_LOST_WAIT_S if gateway_lost(error) else 0.0)
        message = describe_error(error, exit_code)
        try:
            shown, is_local = ("", True) if exit_code is not None else (settings(), local())
        except Exception:
            shown, is_local = "", True
        shown = shown or describe_applied() or "settings unavailable: the Spark session is gone"
        print(failure_line(stage, diagnose(message, stage, is_local), shown), file=sys.stderr, flush=True)
        sys.exit(EXIT_CODE)
