"""The daily DAG's features run (--only-day): one day from its lookback only, its partition alone
replaced, rows and terminal snapshot equal to a full recompute's."""

import gzip
import json
from datetime import date, timedelta

import pytest
from chispa import assert_df_equality
from pyspark.sql import functions as F

from antifraud_training.features import job as features_job
from antifraud_training.features.spec import load_spec
from frames import clean_frame

DAY = 86400
DAYS = 60


@pytest.fixture(scope="module")
def history(spark, tmp_path_factory):
    # Two customers and three terminals over 60 days, a fraud now and then, some same-second ties.
    rows = []
    for i in range(DAYS * 6):
        seconds = (i // 6) * DAY + (i % 6) * 3600 + (i % 2)
        rows.append((i + 1, i % 2, i % 3, seconds, 5.0 + (i * 37) % 200, int(i % 17 == 0)))
    path = str(tmp_path_factory.mktemp("clean") / "transactions")
    clean_frame(spark, rows).write.partitionBy("day").parquet(path)
    return path


def snapshot_terminals(root) -> dict:
    pointer = json.loads((root / "terminal" / "latest.json").read_text())
    return json.loads(gzip.decompress((root / "terminal" / pointer["path"]).read_bytes()))["terminals"]


def partitions(root) -> dict[str, list[tuple[str, int]]]:
    """Files (name, mtime) per day partition of the feature table."""
    table = root / "transactions"
    return {
        d.name: sorted((f.name, f.stat().st_mtime_ns) for f in d.iterdir())
        for d in sorted(table.iterdir())
        if d.is_dir() and d.name.startswith("day=")
    }


def test_one_day_equals_the_full_recompute_and_rewrites_only_its_partition(spark, history, tmp_path):
    spec = load_spec()
    assert spec.lookback_days() == 37  # terminal 30 days after a 7-day delay; customer windows 30 days
    last = date(2018, 4, 1) + timedelta(days=DAYS - 1)
    full, daily = tmp_path / "full", tmp_path / "daily"
    features_job.run(spark, history, str(full), spec, as_of=last)
    features_job.run(spark, history, str(daily), spec, as_of=date(2018, 5, 1))
    before = partitions(daily)
    result = features_job.run(spark, history, str(daily), spec, only_day=last)
    assert (result["as_of_day"], result["days_computed"]) == (last.isoformat(), "one")

    after = partitions(daily)
    changed = sorted(day for day in after if after[day] != before.get(day))
    assert changed == [f"day={last.isoformat()}"]
    assert len(after) == DAYS

    def day_rows(root):
        return spark.read.parquet(str(root / "transactions")).where(F.col("day") == F.lit(last))

    expected = day_rows(full).orderBy("transaction_id")
    assert expected.count() == 6
    assert_df_equality(day_rows(daily).orderBy("transaction_id"), expected, ignore_nullable=True)
    assert snapshot_terminals(daily) == snapshot_terminals(full)


@pytest.mark.parametrize("marker", [None, "1.1.0"])
def test_a_table_of_another_or_unknown_spec_version_is_recomputed_whole(spark, history, tmp_path, marker):
    spec = load_spec()
    features_job.run(spark, history, str(tmp_path), spec, as_of=date(2018, 5, 1))
    marker_file = tmp_path / "transactions" / "_feature_spec.json"
    assert json.loads(marker_file.read_text()) == {"spec_version": spec.version}
    if marker is None:
        marker_file.unlink()
    else:
        marker_file.write_text(json.dumps({"spec_version": marker}))
    before = partitions(tmp_path)
    result = features_job.run(spark, history, str(tmp_path), spec, only_day=date(2018, 5, 2))
    assert (result["as_of_day"], result["days_computed"]) == ("2018-05-02", "all")
    after = partitions(tmp_path)
    assert all(after[day] != before[day] for day in before)
    assert json.loads(marker_file.read_text()) == {"spec_version": spec.version}


def test_only_day_refuses_a_day_without_data_and_a_different_snapshot_day(spark, history, tmp_path):
    spec = load_spec()
    features_job.run(spark, history, str(tmp_path), spec)
    with pytest.raises(FileNotFoundError, match="no clean transactions on 2019-01-01"):
        features_job.run(spark, history, str(tmp_path), spec, only_day=date(2019, 1, 1))
    with pytest.raises(ValueError, match="the snapshot is of the day computed"):
        features_job.run(
            spark, history, str(tmp_path), spec, as_of=date(2018, 5, 2), only_day=date(2018, 5, 1)
        )
