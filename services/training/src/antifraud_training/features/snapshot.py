"""Terminal daily aggregates snapshot loaded by the online scorer (format in services/training/README.md).

It holds, per terminal, the transaction and fraud counts of every day with transactions in the last
`retention_days` days up to and including `as_of_day`, where retention_days = max(delay + window) of
the spec. That is exactly what terminal_count / terminal_risk read for transactions on days
as_of_day + 1 ... as_of_day + min(delay) + 1.
"""

import gzip
import hashlib
import json
from datetime import UTC, date, datetime, timedelta

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from antifraud_training.features.spec import TERMINAL_KINDS, FeatureSpec

SNAPSHOT_FORMAT = "antifraud.terminal-daily"
SNAPSHOT_FORMAT_VERSION = 1


def snapshot_rows(daily: DataFrame, as_of_day: date, retention_days: int) -> DataFrame:
    first_day = as_of_day - timedelta(days=retention_days - 1)
    return daily.where(F.col("day").between(F.lit(first_day), F.lit(as_of_day))).where(F.col("nb_tx") > 0)


def snapshot_document(
    rows: list[tuple[int, date, int, int]], as_of_day: date, spec: FeatureSpec, generated_at: datetime
) -> dict:
    """rows: (terminal_id, day, nb_tx, nb_fraud), any order."""
    retention = spec.history_days()
    delays = [f.params["delay_days"] for f in spec.features if f.kind in TERMINAL_KINDS]
    terminals: dict[str, list[list]] = {}
    for terminal_id, day, nb_tx, nb_fraud in sorted(rows):
        terminals.setdefault(str(terminal_id), []).append([day.isoformat(), int(nb_tx), int(nb_fraud)])
    return {
        "format": SNAPSHOT_FORMAT,
        "format_version": SNAPSHOT_FORMAT_VERSION,
        "feature_spec_version": spec.version,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "as_of_day": as_of_day.isoformat(),
        "first_day": (as_of_day - timedelta(days=retention - 1)).isoformat(),
        "retention_days": retention,
        "serves_days": {
            "first": (as_of_day + timedelta(days=1)).isoformat(),
            "last": (as_of_day + timedelta(days=min(delays, default=0) + 1)).isoformat(),
        },
        "terminal_count": len(terminals),
        "terminals": terminals,
    }


def encode_snapshot(document: dict) -> bytes:
    """gzip with mtime 0, so identical snapshots are byte-identical."""
    return gzip.compress(json.dumps(document, separators=(",", ":")).encode(), mtime=0)


def collect_snapshot(daily: DataFrame, as_of_day: date, spec: FeatureSpec) -> dict:
    rows = snapshot_rows(daily, as_of_day, spec.history_days()).collect()
    return snapshot_document(
        [(r["terminal_id"], r["day"], r["nb_tx"], r["nb_fraud"]) for r in rows],
        as_of_day,
        spec,
        datetime.now(UTC),
    )


def latest_pointer(as_of_day: date, payload: bytes) -> dict:
    return {
        "as_of_day": as_of_day.isoformat(),
        "path": f"{as_of_day.isoformat()}.json.gz",
        "sha256": hashlib.sha256(payload).hexdigest(),
        "bytes": len(payload),
    }
