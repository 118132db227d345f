"""Feature-set and training-window study on an existing feature table. For every (spec, training days,
test start): the train job's prequential selection, threshold and final fit, then the test metrics of
the handbook protocol; then the mean over the test starts. The test sets depend only on the test start,
so every row with the same test start is scored on the same transactions.

    .venv/bin/python -m antifraud_training.study --features-root DIR --test-starts 2018-08-08 2018-08-15 \
        --specs a.json b.json --train-days 7 28 --work DIR [--delay-days 7] [--test-days 7] [--folds 4]

The feature table must hold the columns of every spec (run the features job with their union).
"""

import argparse
import time
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from pyspark.sql import DataFrame

from antifraud_training.evaluate.job import summarize_scored
from antifraud_training.features.job import transactions_path
from antifraud_training.features.spec import load_spec
from antifraud_training.session import add_spark_arguments, session_from_args
from antifraud_training.train.dataset import evaluation_rows, training_rows
from antifraud_training.train.fitting import fit_candidates, training_resources
from antifraud_training.train.prequential import DEFAULT_GRID, VALIDATION_KEYS, select
from antifraud_training.train.protocol import Split, make_split, prequential_folds
from antifraud_training.train.scoring import with_scores

COLUMNS = ("auc_roc", "average_precision", "card_precision_at_100", "precision", "recall", "f1", "legit")


@dataclass(frozen=True)
class Scored:
    """A split's test rows (Spark) with the scores of the model trained by the handbook protocol."""

    test: DataFrame
    threshold: float
    params: str


def fit_and_score(
    features: DataFrame, split: Split, names: list[str], folds: int, seed: int, work: str
) -> Scored:
    """The train job's prequential selection, threshold and final fit; scores of the test rows."""
    resources = training_resources(features.sparkSession)
    selection = select(features, prequential_folds(split, folds), names, DEFAULT_GRID, seed, resources, work)
    train = training_rows(features, split).select("transaction_id", "tx_fraud", *names)
    path = resources.path_for(train.count())
    (booster,) = fit_candidates(train, names, [selection.best], seed, resources, path)
    test = evaluation_rows(features, split).select(
        *VALIDATION_KEYS, "terminal_id", "tx_fraud_scenario", *names
    )
    h = selection.best
    return Scored(
        with_scores(test, names, {"score": (booster, None)}),
        selection.threshold.threshold,
        f"d={h.max_depth} eta={h.learning_rate} n={h.rounds}",
    )


def evaluate_one(features, split, names, folds, seed, work) -> tuple[dict, str]:
    scored = fit_and_score(features, split, names, folds, seed, work)
    m = summarize_scored(scored.test, "score", scored.threshold)
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
    parser.add_argument("--work", required=True, help="scratch folder for the validation predictions")
    add_spark_arguments(parser)


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
    spark = session_from_args("antifraud-study", args)
    table = spark.read.parquet(transactions_path(args.features_root))
    specs = {path: load_spec(path) for path in args.specs}
    splits = {
        (days, start): split_for(start, days, args) for days in args.train_days for start in args.test_starts
    }
    print(f"{'spec':<16} {'days':>4} {'test':<10} " + " ".join(f"{c[:6]:>6}" for c in COLUMNS), flush=True)
    for path, spec in specs.items():
        label = path.split("/")[-1].removesuffix(".json")
        for days in args.train_days:
            rows = []
            for start in args.test_starts:
                started = time.monotonic()
                work = f"{args.work.rstrip('/')}/{label}-{days}-{start.isoformat()}"
                values, params = evaluate_one(
                    table, splits[(days, start)], spec.names, args.folds, args.seed, work
                )
                rows.append(values)
                elapsed = f"{time.monotonic() - started:.0f}"
                print(line(label, days, start.isoformat(), values, params, elapsed), flush=True)
            mean = {c: float(np.mean([r[c] for r in rows])) for c in COLUMNS}
            print(line(label, days, "mean", mean, f"over {len(rows)} test weeks", ""), flush=True)


if __name__ == "__main__":
    main()
