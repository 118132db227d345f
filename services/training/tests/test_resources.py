"""Spark memory and parallelism: local defaults from the machine, and which setting wins."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antifraud_training.day_tables import slices_per_day, writer_tasks
from antifraud_training.resources import (
    GIB,
    MIB,
    Machine,
    effective_settings,
    local_cores,
    local_defaults,
    parse_conf_pairs,
    parse_memory,
    task_slots,
)

THIS_KIND = Machine(cores=2, memory_bytes=24 * GIB)


@pytest.mark.parametrize(
    ("master", "cores"),
    [
        ("local", 1),
        ("local[2]", 2),
        ("local[*]", 8),
        ("local[3,2]", 3),
        ("yarn", None),
        ("spark://h:7077", None),
    ],
)
def test_local_cores(master, cores):
    assert local_cores(master, Machine(cores=8, memory_bytes=GIB)) == cores


@pytest.mark.parametrize(
    ("machine", "heap", "partitions"),
    [
        (THIS_KIND, "6144m", "32"),  # this 2-core, 24 GiB kind: a quarter of the memory
        (Machine(2, 23 * GIB + 900 * MIB), "5888m", "32"),  # rounded down to 256 MiB steps
        (Machine(2, 2 * GIB), "1024m", "32"),  # never under 1 GiB
        (Machine(16, 128 * GIB), "32768m", "32"),  # local[2] on a big machine: 2 slots
    ],
)
def test_local_defaults_follow_the_machine(machine, heap, partitions):
    assert local_defaults("local[2]", machine) == {
        "spark.driver.memory": heap,
        "spark.sql.shuffle.partitions": partitions,
        "spark.driver.maxResultSize": "256m",
    }


def test_nothing_is_derived_for_a_cluster_master():
    assert local_defaults("yarn", THIS_KIND) == {}
    assert effective_settings("yarn", THIS_KIND, {"spark.executor.memory": "8g"}, {}) == {}


def test_flags_win_over_submitted_properties_which_win_over_defaults():
    submitted = {"spark.driver.memory": "3g", "spark.sql.shuffle.partitions": "64"}
    chosen = effective_settings("local[2]", THIS_KIND, submitted, {"spark.sql.shuffle.partitions": "8"})
    # the submitted heap stays (nothing to change), the flag replaces the submitted partitions,
    # and the default fills what nobody set
    assert chosen == {"spark.sql.shuffle.partitions": "8", "spark.driver.maxResultSize": "256m"}


@given(cores=st.integers(1, 64), memory_gib=st.integers(1, 512), slots=st.integers(1, 8))
def test_the_heap_takes_at_most_a_quarter_above_the_floor(cores, memory_gib, slots):
    settings = local_defaults(f"local[{slots}]", Machine(cores, memory_gib * GIB))
    heap = parse_memory(settings["spark.driver.memory"])
    assert heap % (256 * MIB) == 0
    assert heap == GIB or heap <= memory_gib * GIB / 4
    assert int(settings["spark.sql.shuffle.partitions"]) == 16 * slots


@pytest.mark.parametrize(
    ("text", "size"), [("512m", 512 * MIB), ("6g", 6 * GIB), ("6G", 6 * GIB), ("1024", GIB)]
)
def test_parse_memory(text, size):
    assert parse_memory(text) == size


def test_conf_pairs_name_the_bad_argument():
    assert parse_conf_pairs(["spark.a=1", " spark.b = x=y "]) == {"spark.a": "1", "spark.b": "x=y"}
    with pytest.raises(ValueError, match="--conf 'spark.a': expected KEY=VALUE"):
        parse_conf_pairs(["spark.a"])
    with pytest.raises(ValueError, match="only passes keys that start with 'spark.'"):
        parse_conf_pairs(["executor.memory=4g"])


def test_task_slots():
    assert task_slots({"spark.master": "local[2]"}, THIS_KIND) == 2
    assert (
        task_slots(
            {"spark.master": "yarn", "spark.executor.instances": "3", "spark.executor.cores": "4"}, THIS_KIND
        )
        == 12
    )


@pytest.mark.parametrize(
    ("rows_by_day", "slots", "slices", "writers"),
    [
        ({f"d{i}": 10_000 for i in range(183)}, 2, 1, 2),  # handbook size: one file per day, 2 writers
        ({f"d{i}": 97_000 for i in range(183)}, 2, 1, 9),  # 10x: 17.8M rows -> 9 writers
        ({"2019-08-22": 46_988_418}, 2, 24, 24),  # a real-size day: 24 files of < 2M rows, 24 writers
        ({"d": 5}, 8, 1, 1),  # never more writers than files
        ({}, 2, 1, 1),
    ],
)
def test_days_are_written_in_bounded_slices_by_as_many_tasks_as_needed(rows_by_day, slots, slices, writers):
    assert slices_per_day(rows_by_day) == slices
    assert writer_tasks(rows_by_day, slots) == writers
