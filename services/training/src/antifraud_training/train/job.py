"""Train job: prequential selection of the hyperparameters, threshold from the validation predictions,
final fit on the training window.

    python -m antifraud_training train --features-root DIR --run-dir DIR [--train-start 2018-07-25]
        [--train-days 7] [--delay-days 7] [--test-days 7] [--folds 4] [--seed 0]
"""

import argparse
import hashlib
import json
import time
from datetime import UTC, date, datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from antifraud_training.evaluate.threshold import MAX_LEGIT_DECLINE_SHARE, select_threshold
from antifraud_training.features.job import transactions_path
from antifraud_training.features.spec import FeatureSpec, load_spec
from antifraud_training.run_files import TRAINING_FILE, RunFiles
from antifraud_training.session import build_session
from antifraud_training.storage import storage_for
from antifraud_training.train.dataset import collect_days, matrix, training_rows
from antifraud_training.train.model import booster_params, fit
from antifraud_training.train.prequential import DEFAULT_GRID, SELECTION_METRIC, Grid, select
from antifraud_training.train.protocol import (
    Split,
    first_day_needed,
    make_split,
    prequential_folds,
    split_ending_before,
)

THRESHOLD_METHOD = (
    "maximises F1 subject to declining at most {share:.0%} of legitimate transactions, on the pooled "
    "out-of-sample predictions of the selected hyperparameters over the prequential validation folds "
    "(decline when probability >= threshold)"
)


def add_protocol_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--train-start",
        type=date.fromisoformat,
        help="first training day (default: the latest split whose test window ends on the last day)",
    )
    parser.add_argument("--train-days", type=int, default=7)
    parser.add_argument("--delay-days", type=int, default=7)
    parser.add_argument("--test-days", type=int, default=7)


def split_from(args: argparse.Namespace, features: DataFrame) -> Split:
    if args.train_start:
        return make_split(args.train_start, args.train_days, args.delay_days, args.test_days)
    last_day = features.agg(F.max("day")).first()[0]
    return split_ending_before(last_day, args.train_days, args.delay_days, args.test_days)


def run(
    spark: SparkSession,
    features_root: str,
    run_dir: str,
    spec: FeatureSpec,
    split: Split,
    folds: int,
    seed: int,
    grid: Grid = DEFAULT_GRID,
    progress=print,
) -> dict:
    started = time.monotonic()
    features = spark.read.parquet(transactions_path(features_root))
    fold_splits = prequential_folds(split, folds)
    data = collect_days(features, spec.names, first_day_needed([split, *fold_splits]), split.train.last)
    progress(f"collected {len(data)} transactions {data['day'].min()}..{data['day'].max()} for training")
    selection = select(data, fold_splits, spec.names, grid, seed, progress)
    threshold = select_threshold(
        selection.validation_labels, selection.validation_scores, MAX_LEGIT_DECLINE_SHARE
    )
    train = training_rows(data, split)
    booster = fit(matrix(train, spec.names), train["tx_fraud"].to_numpy(), selection.best, seed)
    model_bytes = bytes(booster.save_raw("json"))
    created_at = datetime.now(UTC)
    version = f"{created_at:%Y%m%dT%H%M%SZ}-{hashlib.sha256(model_bytes).hexdigest()[:8]}"
    record = {
        "version": version,
        "created_at": created_at.isoformat(timespec="seconds"),
        "seed": seed,
        "feature_spec_version": spec.version,
        "features": [f.as_json() for f in spec.features],
        "split": split.as_dict(),
        "training_rows": len(train),
        "training_frauds": int(train["tx_fraud"].sum()),
        "hyperparameters": selection.best.as_dict(),
        "booster_params": booster_params(selection.best, seed),
        "validation": {
            "method": "prequential",
            "selection_metric": SELECTION_METRIC,
            "folds": [s.as_dict() for s in fold_splits],
            "grid": grid.__dict__,
            "table": selection.table,
        },
        "threshold": {
            "value": threshold.threshold,
            "method": THRESHOLD_METHOD.format(share=MAX_LEGIT_DECLINE_SHARE),
            "max_legit_decline_share": MAX_LEGIT_DECLINE_SHARE,
            "validation": threshold.as_dict(),
            "validation_transactions": len(selection.validation_labels),
        },
        "train_seconds": round(time.monotonic() - started, 1),
    }
    files = RunFiles(storage_for(run_dir, spark), run_dir)
    files.write_model(booster)
    files.write_json(TRAINING_FILE, record)
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training train", description=__doc__.splitlines()[0])
    parser.add_argument("--features-root", required=True)
    parser.add_argument(
        "--run-dir", required=True, help="folder (or s3a:// URI) for the model and its records"
    )
    parser.add_argument("--spec", help="feature spec (default: services/contracts/features.json)")
    add_protocol_arguments(parser)
    parser.add_argument("--folds", type=int, default=4, help="prequential validation folds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default local[2])")
    args = parser.parse_args(argv)
    spark = build_session("antifraud-train", args.master)
    features = spark.read.parquet(transactions_path(args.features_root))
    record = run(
        spark,
        args.features_root,
        args.run_dir,
        load_spec(args.spec),
        split_from(args, features),
        args.folds,
        args.seed,
    )
    print(json.dumps({k: record[k] for k in ("version", "hyperparameters", "threshold")}, default=str))
