"""Reads and validates the shared feature spec; every feature is a `kind` plus its parameters."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUPPORTED_KINDS = {
    "tx_amount": (),
    "during_weekend": (),
    "during_night": ("night_end_hour",),
    "customer_count": ("window_days",),
    "customer_avg_amount": ("window_days",),
    "customer_amount_ratio": ("window_days",),
    "customer_max_over_avg": ("window_days", "avg_window_days"),
    "terminal_count": ("window_days", "delay_days"),
    "terminal_risk": ("window_days", "delay_days"),
}
TERMINAL_KINDS = frozenset({"terminal_count", "terminal_risk"})


def default_spec_path() -> Path:
    """services/contracts/features.json of this repository (src layout: four levels up)."""
    return Path(__file__).resolve().parents[4] / "contracts" / "features.json"


@dataclass(frozen=True)
class Feature:
    name: str
    kind: str
    params: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, **self.params}


@dataclass(frozen=True)
class FeatureSpec:
    version: str
    features: tuple[Feature, ...]

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.features]

    def history_days(self) -> int:
        """Whole days of terminal history a transaction's features read (delay + window, max)."""
        spans = [
            f.params["delay_days"] + f.params["window_days"]
            for f in self.features
            if f.kind in TERMINAL_KINDS
        ]
        return max(spans, default=0)

    def lookback_days(self) -> int:
        """Whole days before a transaction's day that its features read: a customer window of N days
        reaches back to day D - N, a terminal window to D - delay - window."""
        customer = [
            days
            for f in self.features
            for key, days in f.params.items()
            if key in ("window_days", "avg_window_days") and f.kind not in TERMINAL_KINDS
        ]
        return max([*customer, self.history_days()], default=0)


def parse_feature(entry: dict[str, Any]) -> Feature:
    name, kind = entry.get("name"), entry.get("kind")
    if not isinstance(name, str) or not name:
        raise ValueError(f"feature entry {entry!r} has no name")
    if kind not in SUPPORTED_KINDS:
        raise ValueError(f"feature {name}: unknown kind {kind!r}; known kinds: {sorted(SUPPORTED_KINDS)}")
    params = {key: value for key, value in entry.items() if key not in ("name", "kind")}
    expected = set(SUPPORTED_KINDS[kind])
    if set(params) != expected:
        raise ValueError(f"feature {name} ({kind}): parameters {sorted(params)}, expected {sorted(expected)}")
    for key, value in params.items():
        minimum = 1 if key in ("window_days", "avg_window_days") else 0
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"feature {name}: {key} must be an integer >= {minimum}, got {value!r}")
    return Feature(name=name, kind=kind, params=params)


def parse_spec(document: dict[str, Any]) -> FeatureSpec:
    features = tuple(parse_feature(entry) for entry in document["features"])
    names = [f.name for f in features]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate feature names: {duplicates}")
    return FeatureSpec(version=str(document["spec_version"]), features=features)


def load_spec(path: str | Path | None = None) -> FeatureSpec:
    return parse_spec(json.loads(Path(path or default_spec_path()).read_text()))
