"""The shared spec parses, and a malformed spec fails with a message naming the feature."""

import pytest

from antifraud_training.features.spec import default_spec_path, load_spec, parse_spec


def test_the_repository_spec_loads_in_order():
    spec = load_spec(default_spec_path())
    assert spec.names[:3] == ["tx_amount", "tx_during_weekend", "tx_during_night"]
    assert len(spec.names) == len(set(spec.names))
    assert spec.history_days() == 37


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "x", "kind": "nope"}, "unknown kind"),
        ({"name": "x", "kind": "customer_count"}, r"parameters \[\], expected \['window_days'\]"),
        ({"name": "x", "kind": "customer_count", "window_days": 0}, "window_days must be an integer >= 1"),
        ({"name": "x", "kind": "terminal_risk", "window_days": 7, "delay_days": -1}, "delay_days must be"),
        ({"name": "x", "kind": "tx_amount", "window_days": 1}, "expected \\[\\]"),
        ({"kind": "tx_amount"}, "has no name"),
        (
            {"name": "x", "kind": "customer_max_over_avg", "window_days": 7},
            r"expected \['avg_window_days', 'window_days'\]",
        ),
        (
            {"name": "x", "kind": "customer_max_over_avg", "window_days": 7, "avg_window_days": 0},
            "avg_window_days must be an integer >= 1",
        ),
    ],
)
def test_malformed_entries_are_refused(entry, message):
    with pytest.raises(ValueError, match=message):
        parse_spec({"spec_version": "0", "features": [entry]})


def test_duplicate_names_are_refused():
    entry = {"name": "x", "kind": "tx_amount"}
    with pytest.raises(ValueError, match="duplicate"):
        parse_spec({"spec_version": "0", "features": [entry, entry]})
