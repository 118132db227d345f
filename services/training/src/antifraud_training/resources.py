"""Spark memory and parallelism (pure): defaults derived from the machine in local mode, and the order in
which explicit settings win.

Precedence, highest first: the job's flags (--driver-memory, --shuffle-partitions, --conf KEY=VALUE), then
what spark-submit already set (on Data Processing: the job properties the Pulumi program computes from
the subclusters' sizes, infra/components/spark-jobs/job-properties.ts), then the local defaults below.
Nothing is derived for a cluster master: there the driver is not where the executors are.

Local mode runs every executor inside the driver JVM, next to the Python workers (XGBoost, onnxruntime,
pandas), so the heap takes a quarter of the machine's memory and the rest stays for those processes and
the page cache the shuffle files live in.
"""

import math
import re
from dataclasses import dataclass

MIB = 1024 * 1024
GIB = 1024 * MIB
HEAP_SHARE = 0.25
MIN_HEAP = 1 * GIB
HEAP_STEP = 256 * MIB
# Initial shuffle partitions per core; adaptive execution coalesces the small ones, so a high start only
# costs scheduling, while a low one leaves a real-size day with partitions that spill to disk many times.
SHUFFLE_PARTITIONS_PER_CORE = 16
# Driver results are aggregates (counts per day and rule, models, metrics): a row-level collect of a big
# frame fails here instead of exhausting the heap.
MAX_RESULT_SIZE = "256m"
LOCAL_MASTER = re.compile(r"^local(\[(\d+|\*)(,\d+)?\])?$")


@dataclass(frozen=True)
class Machine:
    cores: int
    memory_bytes: int


def local_cores(master: str, machine: Machine) -> int | None:
    """Task slots of a local master (local, local[N], local[*], local[N,retries]); None for a cluster."""
    match = LOCAL_MASTER.match(master)
    if not match:
        return None
    if match.group(2) in (None, "*"):
        return machine.cores if match.group(2) == "*" else 1
    return int(match.group(2))


def task_slots(conf: dict[str, str], machine: Machine) -> int:
    """Concurrent tasks of a session: local[N] -> N; a cluster -> executors x cores per executor."""
    master = conf.get("spark.master", "local[*]")
    cores = local_cores(master, machine)
    if cores is not None:
        return cores
    return int(conf.get("spark.executor.instances", "1")) * int(conf.get("spark.executor.cores", "1"))


def memory_string(size_bytes: int) -> str:
    """JVM size notation, in whole MiB (Spark reads 'm' as MiB)."""
    return f"{size_bytes // MIB}m"


def parse_memory(text: str) -> int:
    """'512m', '6g', '6G', '1024k', '2t' -> bytes (Spark's notation; a bare number is MiB for memory keys)."""
    match = re.fullmatch(r"(\d+)([kmgt]?)b?", text.strip().lower())
    if not match:
        raise ValueError(f"{text!r} is not a size such as 512m or 6g")
    number, unit = int(match.group(1)), match.group(2) or "m"
    return number * {"k": 1024, "m": MIB, "g": GIB, "t": 1024 * GIB}[unit]


def local_defaults(master: str, machine: Machine) -> dict[str, str]:
    """Settings for a local master on `machine`; empty for a cluster master."""
    cores = local_cores(master, machine)
    if cores is None:
        return {}
    heap = max(MIN_HEAP, math.floor(machine.memory_bytes * HEAP_SHARE / HEAP_STEP) * HEAP_STEP)
    partitions = SHUFFLE_PARTITIONS_PER_CORE * cores
    return {
        "spark.driver.memory": memory_string(heap),
        "spark.sql.shuffle.partitions": str(partitions),
        "spark.driver.maxResultSize": MAX_RESULT_SIZE,
    }


def parse_conf_pairs(pairs: list[str]) -> dict[str, str]:
    """--conf KEY=VALUE arguments -> dict; each error names the argument and the fix."""
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(
                f"--conf {pair!r}: expected KEY=VALUE, e.g. --conf spark.sql.shuffle.partitions=64"
            )
        if not key.strip().startswith("spark."):
            raise ValueError(f"--conf {pair!r}: Spark only passes keys that start with 'spark.'")
        result[key.strip()] = value.strip()
    return result


def effective_settings(
    master: str,
    machine: Machine,
    submitted: dict[str, str],
    flags: dict[str, str],
) -> dict[str, str]:
    """The settings to apply on top of `submitted` (what spark-submit already set): flags win over
    submitted values, which win over the local defaults. Only keys that change something are returned."""
    chosen = {k: v for k, v in local_defaults(master, machine).items() if k not in submitted}
    chosen.update(flags)
    return {k: v for k, v in chosen.items() if submitted.get(k) != v}
