"""Feature-set and training-window study on an existing feature table. For every (spec, training days,
test start): the train job's prequential selection, threshold and final fit, then the test metrics of
the handbook protocol; then the mean over the test starts. The test sets depend only on the test start,
so every row with the same test start is scored on the same transactions.

    .venv/bin/python -m antifraud_training.study --features-root DIR --test-starts 2018-08-08 2018-08-15 \
        --specs a.json b.json --train-days 7 28 [--delay-days 7] [--test-days 7] [--folds 4]

The feature table must hold the columns of every spec (run the features job with their union).
"""

import argparse
import time
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from antifraud_training.evaluate.summary import summarize
from antifraud_training.evaluate.threshold import select_threshold
from antifraud_training.features.job import transactions_path
from antifraud_training.features.spec import load_spec
from antifraud_training.session import build_session
from antifraud_training.train.dataset import collect_days, evaluation_rows, matrix, training_rows
from antifraud_training.train.model import fit, predict
from antifraud_training.train.prequential import DEFAULT_GRID, select
from antifraud_training.train.protocol import Split, first_day_needed, make_split, prequential_folds

COLUMNS = ("auc_roc", "average_precision", "card_precision_at_100", "precision", "recall", "f1", "legit")


@dataclass(frozen=True)
class Scored:
    """A split's test rows with the scores of the model trained by the handbook protocol."""

    test: pd.DataFrame
    scores: np.ndarray
    threshold: float
    params: str


def fit_and_score(data, split, names, folds, seed) -> Scored:
    """The train job's prequential selection, threshold and final fit; scores of the test rows."""
    selection = select(data, prequential_folds(split, folds), names, DEFAULT_GRID, seed)
    threshold = select_threshold(selection.validation_labels, selection.validation_scores)
    train, test = training_rows(data, split), evaluation_rows(data, split)
    booster = fit(matrix(train, names), train["tx_fraud"].to_numpy(), selection.best, seed)
    h = selection.best
    return Scored(
        test,
        predict(booster, matrix(test, names)),
        threshold.threshold,
        f"d={h.max_depth} eta={h.learning_rate} n={h.rounds}",
    )


def evaluate_one(data, split, names, folds, seed) -> tuple[dict, str]:
    scored = fit_and_score(data, split, names, folds, seed)
    m = summarize(scored.test, scored.scores, scored.threshold)
    t = m["at_threshold"]
    values = {
        "auc_roc": m["auc_roc"],
        "average_precision": m["average_precision"],
        "card_precision_at_100": m["card_precision_at_100"],
        "precision": t["precision"],
        "recall": t["recall"],
        "f1": t["f1"],
        "legit": t["legit_decline_share"],
    }
    return values, scored.params


def line(label: str, days: int, test: str, values: dict, params: str, seconds: str) -> str:
    numbers = " ".join(f"{values[c]:6.3f}" for c in COLUMNS)
    return f"{label:<16} {days:>4} {test:<10} {numbers} {params:<22} {seconds:>5}"


def add_protocol_arguments(parser: argparse.ArgumentParser) -> None:
    """The feature table, test weeks and handbook protocol settings every study command takes."""
    parser.add_argument("--features-root", required=True)
    parser.add_argument("--test-starts", type=date.fromisoformat, nargs="+", required=True)
    parser.add_argument("--delay-days", type=int, default=7)
    parser.add_argument("--test-days", type=int, default=7)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--master")


def split_for(start: date, train_days: int, args: argparse.Namespace) -> Split:
    """The handbook split whose test window starts on `start`."""
    return make_split(
        start - timedelta(days=args.delay_days + train_days), train_days, args.delay_days, args.test_days
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training.study", description=__doc__.splitlines()[0])
    add_protocol_arguments(parser)
    parser.add_argument("--specs", nargs="+", required=True)
    parser.add_argument("--train-days", type=int, nargs="+", default=[7])
    args = parser.parse_args(argv)
    spark = build_session("antifraud-study", args.master)
    table = spark.read.parquet(transactions_path(args.features_root))
    specs = {path: load_spec(path) for path in args.specs}
    names = sorted({n for spec in specs.values() for n in spec.names})
    splits = {
        (days, start): split_for(start, days, args) for days in args.train_days for start in args.test_starts
    }
    every = [s for split in splits.values() for s in (split, *prequential_folds(split, args.folds))]
    data = collect_days(table, names, first_day_needed(every), max(s.test.last for s in every))
    print(f"{'spec':<16} {'days':>4} {'test':<10} " + " ".join(f"{c[:6]:>6}" for c in COLUMNS), flush=True)
    for path, spec in specs.items():
        label = path.split("/")[-1].removesuffix(".json")
        for days in args.train_days:
            rows = []
            for start in args.test_starts:
                started = time.monotonic()
                values, params = evaluate_one(data, splits[(days, start)], spec.names, args.folds, args.seed)
                rows.append(values)
                elapsed = f"{time.monotonic() - started:.0f}"
                print(line(label, days, start.isoformat(), values, params, elapsed), flush=True)
            mean = {c: float(np.mean([r[c] for r in rows])) for c in COLUMNS}
            print(line(label, days, "mean", mean, f"over {len(rows)} test weeks", ""), flush=True)


if __name__ == "__main__":
    main()
