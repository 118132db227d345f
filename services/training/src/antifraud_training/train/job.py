"""Train job: prequential selection of the hyperparameters, threshold from the validation predictions,
final fit on the training window.

    python -m antifraud_training train --features-root DIR --run-dir DIR [--train-start 2018-07-25]
        [--train-days 7] [--delay-days 7] [--test-days 7] [--folds 4] [--seed 0]
"""

import argparse
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from antifraud_training.evaluate.threshold import MAX_LEGIT_DECLINE_SHARE
from antifraud_training.failures import stage_failures
from antifraud_training.features.job import transactions_path
from antifraud_training.features.spec import FeatureSpec, load_spec
from antifraud_training.run_files import TRAINING_FILE, VALIDATION_PREDICTIONS, RunFiles, skip_if_exported
from antifraud_training.session import add_spark_arguments, describe, session_from_args
from antifraud_training.storage import storage_for
from antifraud_training.train.dataset import training_rows
from antifraud_training.train.fitting import (
    DEFAULT_SINGLE_NODE_MAX_ROWS,
    SINGLE_NODE_MAX_ROWS_CONF,
    WORKERS_CONF,
    fit_candidates,
    training_resources,
)
from antifraud_training.train.model import booster_params, to_bytes
from antifraud_training.train.prequential import DEFAULT_GRID, SELECTION_METRIC, Grid, select
from antifraud_training.train.protocol import Split, make_split, prequential_folds, split_ending_before
from antifraud_training.train.reference_distribution import feature_distribution

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


@dataclass(frozen=True)
class TrainingOptions:
    """How to fit: XGBoost workers of the distributed path and the size up to which one node fits."""

    workers: int | None = None
    single_node_max_rows: int | None = None


DEFAULT_TRAINING = TrainingOptions()


def add_training_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--train-workers",
        type=int,
        help=f"XGBoost workers of distributed training (default: {WORKERS_CONF}, else the task slots)",
    )
    parser.add_argument(
        "--single-node-max-rows",
        type=int,
        help=f"largest training set fitted on one node (default: {SINGLE_NODE_MAX_ROWS_CONF}, "
        f"else {DEFAULT_SINGLE_NODE_MAX_ROWS:,}); 0 = always distributed",
    )


def training_options(args: argparse.Namespace) -> TrainingOptions:
    return TrainingOptions(args.train_workers, args.single_node_max_rows)


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
    options: TrainingOptions = DEFAULT_TRAINING,
) -> dict:
    started = time.monotonic()
    features = spark.read.parquet(transactions_path(features_root))
    resources = training_resources(spark, options.workers, options.single_node_max_rows)
    fold_splits = prequential_folds(split, folds)
    selection = select(
        features,
        fold_splits,
        spec.names,
        grid,
        seed,
        resources,
        f"{run_dir.rstrip('/')}/{VALIDATION_PREDICTIONS}",
        progress,
    )
    train = training_rows(features, split).select("transaction_id", "tx_fraud", *spec.names)
    counts = train.agg(F.count(F.lit(1)).alias("rows"), F.sum("tx_fraud").alias("frauds")).first()
    path = resources.path_for(counts["rows"])
    (booster,) = fit_candidates(train, spec.names, [selection.best], seed, resources, path)
    progress(f"final fit: {counts['rows']} tx ({path}), {selection.best.as_dict()}")
    model_bytes = to_bytes(booster)
    created_at = datetime.now(UTC)
    version = f"{created_at:%Y%m%dT%H%M%SZ}-{hashlib.sha256(model_bytes).hexdigest()[:8]}"
    threshold = selection.threshold
    record = {
        "version": version,
        "created_at": created_at.isoformat(timespec="seconds"),
        "seed": seed,
        "feature_spec_version": spec.version,
        "features": [f.as_json() for f in spec.features],
        "split": split.as_dict(),
        "training_rows": int(counts["rows"]),
        "training_frauds": int(counts["frauds"] or 0),
        "hyperparameters": selection.best.as_dict(),
        "booster_params": booster_params(selection.best, seed),
        "trainer": {
            "final_fit": path,
            "folds": selection.fits,
            "workers": resources.workers,
            "single_node_max_rows": resources.single_node_max_rows,
        },
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
            "validation_transactions": selection.validation_transactions,
        },
        "feature_distribution": feature_distribution(train, spec.names, "train", split.as_dict()["train"]),
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
    add_training_arguments(parser)
    add_spark_arguments(parser)
    args = parser.parse_args(argv)
    spark = None
    with stage_failures("train", lambda: describe(spark) if spark else ""):
        spark = session_from_args("antifraud-train", args)
        if skip_if_exported(storage_for(args.run_dir, spark), args.run_dir):
            return
        features = spark.read.parquet(transactions_path(args.features_root))
        record = run(
            spark,
            args.features_root,
            args.run_dir,
            load_spec(args.spec),
            split_from(args, features),
            args.folds,
            args.seed,
            options=training_options(args),
        )
    print(json.dumps({k: record[k] for k in ("version", "hyperparameters", "threshold")}, default=str))
