"""XGBoost fit and predict. Imbalance is handled by scale_pos_weight, a weight on the training rows only."""

from dataclasses import asdict, dataclass

import numpy as np
import xgboost as xgb

THREADS = 2


@dataclass(frozen=True)
class Hyperparameters:
    max_depth: int
    learning_rate: float
    rounds: int
    scale_pos_weight: float = 1.0
    min_child_weight: float = 1.0

    def as_dict(self) -> dict:
        return asdict(self)


def booster_params(h: Hyperparameters, seed: int, threads: int = THREADS) -> dict:
    return {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": h.max_depth,
        "eta": h.learning_rate,
        "scale_pos_weight": h.scale_pos_weight,
        "min_child_weight": h.min_child_weight,
        "nthread": threads,
        "seed": seed,
        "eval_metric": "aucpr",
    }


def fit(
    features: np.ndarray, labels: np.ndarray, h: Hyperparameters, seed: int, threads: int = THREADS
) -> xgb.Booster:
    """Columns stay anonymous (f0, f1, ...): the ONNX converter reads those; the manifest names them."""
    matrix = xgb.DMatrix(features, label=labels, nthread=threads)
    return xgb.train(booster_params(h, seed, threads), matrix, num_boost_round=h.rounds)


def to_bytes(booster: xgb.Booster) -> bytes:
    return bytes(booster.save_raw("json"))


def from_bytes(data: bytes) -> xgb.Booster:
    booster = xgb.Booster()
    booster.load_model(bytearray(data))
    return booster


def predict(booster: xgb.Booster, features: np.ndarray, rounds: int | None = None) -> np.ndarray:
    """Probability of fraud; `rounds` evaluates only the first trees (one fit serves several sizes)."""
    matrix = xgb.DMatrix(features)
    iteration_range = (0, rounds) if rounds else (0, 0)
    return booster.predict(matrix, iteration_range=iteration_range).astype(np.float64)
