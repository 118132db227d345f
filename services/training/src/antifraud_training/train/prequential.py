"""Hyperparameter selection by prequential validation (handbook chapter 5), sized for 2 cores: one fit
per (depth, learning rate, class weight) and fold with the largest number of rounds; smaller round
counts are read from the same fit through the first trees only."""

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from antifraud_training.evaluate.summary import ranking_metrics
from antifraud_training.train.dataset import evaluation_rows, matrix, training_rows
from antifraud_training.train.model import Hyperparameters, fit, predict
from antifraud_training.train.protocol import Split

SELECTION_METRIC = "average_precision"


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
    validation_labels: np.ndarray  # pooled out-of-sample predictions of the best candidate
    validation_scores: np.ndarray


def _metric_row(h: Hyperparameters, per_fold: list[dict]) -> dict:
    row = {"params": h.as_dict(), "folds": len(per_fold)}
    for metric in ("auc_roc", "average_precision", "card_precision_at_100"):
        values = np.array([fold[metric] for fold in per_fold])
        row[metric] = {"mean": float(values.mean()), "std": float(values.std())}
    return row


def select(
    data: pd.DataFrame,
    folds: list[Split],
    feature_names: list[str],
    grid: Grid,
    seed: int,
    progress=lambda message: None,
) -> Selection:
    results: dict[Hyperparameters, list[dict]] = {}
    predictions: dict[Hyperparameters, list[tuple[np.ndarray, np.ndarray]]] = {}
    max_rounds = max(grid.rounds)
    for k, split in enumerate(folds):
        train, test = training_rows(data, split), evaluation_rows(data, split)
        x_train, y_train, x_test = (
            matrix(train, feature_names),
            train["tx_fraud"].to_numpy(),
            matrix(test, feature_names),
        )
        for depth, rate, weight in itertools.product(
            grid.max_depth, grid.learning_rate, grid.scale_pos_weight
        ):
            booster = fit(x_train, y_train, Hyperparameters(depth, rate, max_rounds, weight), seed)
            for rounds in grid.rounds:
                h = Hyperparameters(depth, rate, rounds, weight)
                scores = predict(booster, x_test, rounds)
                results.setdefault(h, []).append(ranking_metrics(test, scores))
                predictions.setdefault(h, []).append((test["tx_fraud"].to_numpy(), scores))
        progress(
            f"fold {k + 1}/{len(folds)}: train {split.train.first}..{split.train.last} "
            f"({len(train)} tx), validate {split.test.first}..{split.test.last} ({len(test)} tx)"
        )
    table = sorted(
        (_metric_row(h, folds_) for h, folds_ in results.items()),
        key=lambda row: -row[SELECTION_METRIC]["mean"],
    )
    best = Hyperparameters(**table[0]["params"])
    labels = np.concatenate([y for y, _ in predictions[best]])
    scores = np.concatenate([s for _, s in predictions[best]])
    return Selection(best=best, table=table, validation_labels=labels, validation_scores=scores)
