"""Hyperparameter selection by prequential validation (handbook chapter 5), sized for 2 cores: one fit
per (depth, learning rate, class weight) and fold with the largest number of rounds; smaller round
counts are read from the same fit through the first trees only.

The folds' rows stay in Spark: each fold is fitted (single-node or distributed, by its size), its
validation rows are scored by the executors and written to `<run>/validation-predictions/fold=k/`, and
the metrics of every candidate are computed from that file in one executor task. The threshold is then
chosen on the pooled out-of-sample predictions of the selected candidate, read from the same files.
"""

import itertools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from antifraud_training.evaluate.summary import ranking_metrics
from antifraud_training.evaluate.threshold import MAX_LEGIT_DECLINE_SHARE, ThresholdMetrics, select_threshold
from antifraud_training.executor_task import run_on_one_executor
from antifraud_training.train.dataset import evaluation_rows, training_rows
from antifraud_training.train.fitting import TrainingResources, fit_candidates
from antifraud_training.train.model import Hyperparameters
from antifraud_training.train.protocol import Split
from antifraud_training.train.scoring import with_scores

SELECTION_METRIC = "average_precision"
VALIDATION_KEYS = ["transaction_id", "day", "customer_id", "tx_fraud"]


@dataclass(frozen=True)
class Grid:
    max_depth: tuple[int, ...]
    learning_rate: tuple[float, ...]
    rounds: tuple[int, ...]
    scale_pos_weight: tuple[float, ...]

    def size(self) -> int:
        return len(self.max_depth) * len(self.learning_rate) * len(self.rounds) * len(self.scale_pos_weight)


DEFAULT_GRID = Grid(
    max_depth=(3, 6), learning_rate=(0.1, 0.3), rounds=(50, 100, 200), scale_pos_weight=(1.0,)
)


@dataclass(frozen=True)
class Selection:
    best: Hyperparameters
    table: list[dict]  # one row per candidate: params, mean/std of each metric over the folds
    threshold: ThresholdMetrics  # chosen on the pooled validation predictions of `best`
    validation_transactions: int
    fits: list[dict]  # per fold: training rows and the path that fitted them


def score_column(h: Hyperparameters) -> str:
    text = f"score_d{h.max_depth}_lr{h.learning_rate}_n{h.rounds}_w{h.scale_pos_weight}"
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _metric_row(h: Hyperparameters, per_fold: list[dict]) -> dict:
    row = {"params": h.as_dict(), "folds": len(per_fold)}
    for metric in ("auc_roc", "average_precision", "card_precision_at_100"):
        values = np.array([fold[metric] for fold in per_fold])
        row[metric] = {"mean": float(values.mean()), "std": float(values.std())}
    return row


def fold_metrics(scored: DataFrame, columns: list[str]) -> dict[str, dict]:
    def task(rows: pd.DataFrame) -> dict:
        return {column: ranking_metrics(rows, rows[column].to_numpy()) for column in columns}

    return run_on_one_executor(scored, ["day", "customer_id", "tx_fraud", *columns], task)


def pooled_threshold(scored: DataFrame, column: str) -> tuple[ThresholdMetrics, int]:
    def task(rows: pd.DataFrame) -> dict:
        chosen = select_threshold(
            rows["tx_fraud"].to_numpy(), rows[column].to_numpy(), MAX_LEGIT_DECLINE_SHARE
        )
        return {"threshold": chosen.as_dict(), "rows": len(rows)}

    result = run_on_one_executor(scored, ["tx_fraud", column], task)
    return ThresholdMetrics(**result["threshold"]), result["rows"]


def select(
    features: DataFrame,
    folds: list[Split],
    feature_names: list[str],
    grid: Grid,
    seed: int,
    resources: TrainingResources,
    validation_dir: str,
    progress=lambda message: None,
) -> Selection:
    spark = features.sparkSession
    results: dict[Hyperparameters, list[dict]] = {}
    fits = []
    max_rounds = max(grid.rounds)
    for k, split in enumerate(folds):
        train = training_rows(features, split).select("transaction_id", "tx_fraud", *feature_names)
        rows = train.count()
        path = resources.path_for(rows)
        fitted = [
            Hyperparameters(depth, rate, max_rounds, weight)
            for depth, rate, weight in itertools.product(
                grid.max_depth, grid.learning_rate, grid.scale_pos_weight
            )
        ]
        boosters = fit_candidates(train, feature_names, fitted, seed, resources, path)
        scorers = {}
        for h, booster in zip(fitted, boosters, strict=True):
            for rounds in grid.rounds:
                candidate = Hyperparameters(h.max_depth, h.learning_rate, rounds, h.scale_pos_weight)
                scorers[score_column(candidate)] = (booster, rounds)
        validation = evaluation_rows(features, split).select(*VALIDATION_KEYS, *feature_names)
        fold_dir = f"{validation_dir.rstrip('/')}/fold={k}"
        with_scores(validation, feature_names, scorers).drop(*feature_names).write.mode("overwrite").parquet(
            fold_dir
        )
        metrics = fold_metrics(spark.read.parquet(fold_dir), list(scorers))
        for depth, rate, weight in itertools.product(
            grid.max_depth, grid.learning_rate, grid.scale_pos_weight
        ):
            for rounds in grid.rounds:
                h = Hyperparameters(depth, rate, rounds, weight)
                results.setdefault(h, []).append(metrics[score_column(h)])
        fits.append({"fold": k, "training_rows": rows, "path": path})
        progress(
            f"fold {k + 1}/{len(folds)}: train {split.train.first}..{split.train.last} ({rows} tx, {path}), "
            f"validate {split.test.first}..{split.test.last}"
        )
    table = sorted(
        (_metric_row(h, folds_) for h, folds_ in results.items()),
        key=lambda row: -row[SELECTION_METRIC]["mean"],
    )
    best = Hyperparameters(**table[0]["params"])
    pooled = spark.read.parquet(validation_dir).where(F.col("fold").isNotNull())
    threshold, validation_rows = pooled_threshold(pooled, score_column(best))
    return Selection(best, table, threshold, validation_rows, fits)
