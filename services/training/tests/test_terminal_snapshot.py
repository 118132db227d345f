"""The terminal snapshot holds exactly what the scorer needs: recomputing terminal features from it for
transactions on the days it serves gives the Spark job's values."""

import gzip
import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from antifraud_training.features.build import build_features
from antifraud_training.features.snapshot import write_snapshot
from antifraud_training.features.spec import FeatureSpec, parse_feature
from antifraud_training.features.terminal import daily_aggregates
from frames import clean_frame

DAY = 86400
SPEC = FeatureSpec(
    version="9.9.9",
    features=(
        parse_feature({"name": "t_n1", "kind": "terminal_count", "window_days": 1, "delay_days": 7}),
        parse_feature({"name": "t_r7", "kind": "terminal_risk", "window_days": 7, "delay_days": 7}),
        parse_feature({"name": "t_r30", "kind": "terminal_risk", "window_days": 30, "delay_days": 7}),
    ),
)
AS_OF = date(2018, 4, 1) + timedelta(days=50)


def history():
    """Terminals 1..3 with a transaction every day or every 3rd day, frauds on some days, 60 days."""
    rows, tx_id = [], 0
    for day in range(60):
        for terminal in (1, 2, 3):
            if terminal == 3 and day % 3:
                continue
            tx_id += 1
            rows.append(
                (
                    tx_id,
                    tx_id % 7,
                    terminal,
                    day * DAY + 3600 * terminal,
                    10.0,
                    int((day + terminal) % 5 == 0),
                )
            )
    return rows


def from_snapshot(document: dict, terminal: int, day: date, window: int, delay: int) -> tuple[int, int]:
    """What the scorer does: sum the snapshot's counts over days [day - delay - window, day - delay)."""
    first, last = day - timedelta(days=delay + window), day - timedelta(days=delay + 1)
    entries = [
        e for e in document["terminals"].get(str(terminal), []) if first <= date.fromisoformat(e[0]) <= last
    ]
    return sum(e[1] for e in entries), sum(e[2] for e in entries)


@pytest.fixture(scope="module")
def spark_values(spark, tmp_path_factory):
    frame = clean_frame(spark, history())
    folder = tmp_path_factory.mktemp("terminal")
    target = folder / "2018-05-21.json.gz"
    generated = datetime(2018, 5, 22, tzinfo=UTC)
    written = write_snapshot(
        spark, daily_aggregates(frame), AS_OF, SPEC, str(target), str(folder / "_s"), generated
    )
    again = write_snapshot(
        spark, daily_aggregates(frame), AS_OF, SPEC, str(folder / "b.gz"), str(folder / "_s"), generated
    )
    features = {(r["terminal_id"], r["day"]): r for r in build_features(frame, SPEC.features).collect()}
    return {
        "document": json.loads(gzip.decompress(target.read_bytes())),
        "written": written,
        "again": again,
        "folder": folder,
        "features": features,
    }


def test_snapshot_header_says_what_it_covers(spark_values):
    document = spark_values["document"]
    assert {
        k: document[k]
        for k in (
            "format",
            "format_version",
            "feature_spec_version",
            "as_of_day",
            "first_day",
            "retention_days",
            "serves_days",
            "terminal_count",
        )
    } == {
        "format": "antifraud.terminal-daily",
        "format_version": 1,
        "feature_spec_version": "9.9.9",
        "as_of_day": "2018-05-21",
        "first_day": "2018-04-15",
        "retention_days": 37,
        "serves_days": {"first": "2018-05-22", "last": "2018-05-29"},
        "terminal_count": 3,
    }
    days = [date.fromisoformat(e[0]) for entries in document["terminals"].values() for e in entries]
    assert min(days) == date(2018, 4, 15) and max(days) == AS_OF


def test_scorer_side_values_equal_the_batch_features_on_every_served_day(spark_values):
    document, features = spark_values["document"], spark_values["features"]
    checked = 0
    for offset in range(1, 9):
        day = AS_OF + timedelta(days=offset)
        for terminal in (1, 2, 3):
            row = features.get((terminal, day))
            if row is None:
                continue
            n1, _ = from_snapshot(document, terminal, day, 1, 7)
            n7, f7 = from_snapshot(document, terminal, day, 7, 7)
            n30, f30 = from_snapshot(document, terminal, day, 30, 7)
            assert (row["t_n1"], row["t_r7"], row["t_r30"]) == (
                n1,
                f7 / n7 if n7 else 0.0,
                f30 / n30 if n30 else 0.0,
            )
            checked += 1
    assert checked == 8 * 2 + 3  # terminals 1 and 2 every day, terminal 3 every third day


def test_one_gzip_file_is_published_with_its_checksum_and_the_staging_folder_is_gone(spark_values):
    written, folder = spark_values["written"], spark_values["folder"]
    payload = (folder / "2018-05-21.json.gz").read_bytes()
    assert (written.sha256, written.bytes) == (hashlib.sha256(payload).hexdigest(), len(payload))
    assert written.terminal_count == 3
    assert sorted(p.name for p in folder.iterdir()) == ["2018-05-21.json.gz", "b.gz"]
    # identical content gives identical bytes
    assert (folder / "b.gz").read_bytes() == payload and spark_values["again"].sha256 == written.sha256
    assert list(spark_values["document"]["terminals"]) == ["1", "2", "3"]


def test_an_empty_window_gives_a_valid_snapshot_without_terminals(spark, tmp_path):
    frame = clean_frame(spark, history())
    late = AS_OF + timedelta(days=400)
    written = write_snapshot(
        spark, daily_aggregates(frame), late, SPEC, str(tmp_path / "x.json.gz"), str(tmp_path / "_s")
    )
    document = json.loads(gzip.decompress((tmp_path / "x.json.gz").read_bytes()))
    assert (document["terminals"], document["terminal_count"], written.terminal_count) == ({}, 0, 0)
