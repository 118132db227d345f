"""No job brings rows to the driver: a static check of every module the jobs import (the run-time check
of the same rule is in test_pipeline.py, which counts the rows each driver call returns)."""

import ast
import importlib.util
from pathlib import Path

from antifraud_training.__main__ import JOBS

PACKAGE = Path(importlib.util.find_spec("antifraud_training").origin).parent
# Never on the driver: these return (or stream) a frame's rows.
ROW_CALLS = {"toPandas", "toLocalIterator", "take", "tail", "collectAsArrow"}
# `collect()` is allowed on what an aggregation (or one executor task) returns: bounded by its keys.
AGGREGATING = {"agg", "groupBy", "applyInPandas", "count", "distinct"}


def module_path(name: str) -> Path:
    relative = name.split(".")[1:]
    folder = PACKAGE.joinpath(*relative)
    return folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")


def imported_package_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("antifraud_training"):
            found.add(node.module)
            for alias in node.names:
                if module_path(f"{node.module}.{alias.name}").exists():
                    found.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("antifraud_training")}
    return found


def job_closure() -> set[str]:
    todo, seen = list(JOBS.values()), set()
    while todo:
        name = todo.pop()
        if name not in seen and module_path(name).exists():
            seen.add(name)
            todo.extend(imported_package_modules(module_path(name)))
    return seen


def chain_methods(node: ast.AST) -> list[str]:
    names = []
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        else:
            node = node.func
    return names


def offending_calls(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in ROW_CALLS:
                found.append(f"line {node.lineno}: .{method}()")
            elif method == "collect" and not AGGREGATING & set(chain_methods(node.func.value)):
                found.append(f"line {node.lineno}: .collect() of a frame that is not aggregated")
    return found


def test_the_job_closure_is_the_whole_job_code():
    closure = job_closure()
    assert {
        "antifraud_training.clean.job",
        "antifraud_training.train.fitting",
        "antifraud_training.executor_task",
        "antifraud_training.features.snapshot",
        "antifraud_training.compare.bootstrap",
    } <= closure
    # offline studies are not jobs: they may bring a handbook-size test week to the driver
    assert "antifraud_training.ceiling" not in closure


def test_no_job_module_brings_rows_to_the_driver():
    problems = {
        name: offending_calls(module_path(name).read_text())
        for name in sorted(job_closure())
        if offending_calls(module_path(name).read_text())
    }
    assert problems == {}


def test_the_check_finds_row_level_calls():
    source = "a = frame.toPandas()\nb = frame.where(x).collect()\nc = frame.groupBy('d').count().collect()\n"
    assert offending_calls(source) == [
        "line 1: .toPandas()",
        "line 2: .collect() of a frame that is not aggregated",
    ]
