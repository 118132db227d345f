"""Fitting XGBoost on a Spark frame, two ways, chosen by the number of training rows:

- single node: the rows go to one executor task that fits every candidate with the native library (no
  tracker, no barrier stage, no per-fit Spark job): faster while the rows fit one worker's memory;
- distributed: `xgboost.spark.SparkXGBClassifier` with `workers` barrier tasks (hist, the histograms
  summed over the workers), for training windows no single worker holds.

Both return plain boosters (anonymous columns f0, f1, ...), so the ONNX export and the parity check are
the same whichever path trained the model.
"""

import base64
from dataclasses import dataclass

import pandas as pd
import xgboost as xgb
from pyspark.sql import DataFrame, SparkSession

from antifraud_training.executor_task import run_on_one_executor
from antifraud_training.resources import local_cores, task_slots
from antifraud_training.session import this_machine
from antifraud_training.train.dataset import matrix
from antifraud_training.train.model import Hyperparameters, booster_params, fit, from_bytes, to_bytes

SINGLE_NODE = "single-node"
DISTRIBUTED = "distributed"
WORKERS_CONF = "spark.antifraud.train.workers"
SINGLE_NODE_MAX_ROWS_CONF = "spark.antifraud.train.singleNodeMaxRows"
# One worker holds a single-node training set about three times over (pandas, matrix, DMatrix): 5 million
# rows of ~20 columns is ~2.4 GB. bench/fit_paths.py times both paths on the same frame (README).
DEFAULT_SINGLE_NODE_MAX_ROWS = 5_000_000


@dataclass(frozen=True)
class TrainingResources:
    workers: int  # XGBoost workers of the distributed path (barrier tasks)
    threads: int  # threads of a single-node fit
    single_node_max_rows: int

    def path_for(self, rows: int) -> str:
        return SINGLE_NODE if rows <= self.single_node_max_rows else DISTRIBUTED


def training_resources(
    spark: SparkSession, workers: int | None = None, single_node_max_rows: int | None = None
) -> TrainingResources:
    """Flags win over the job properties (spark.antifraud.train.*), which win over the session's slots."""
    conf = dict(spark.sparkContext.getConf().getAll())
    machine = this_machine()
    slots = task_slots(conf, machine)
    local = local_cores(conf.get("spark.master", "local[*]"), machine)
    threads = local if local is not None else int(conf.get("spark.executor.cores", "1"))
    return TrainingResources(
        workers=workers or int(conf.get(WORKERS_CONF, str(slots))),
        threads=max(1, threads),
        single_node_max_rows=single_node_max_rows
        if single_node_max_rows is not None
        else int(conf.get(SINGLE_NODE_MAX_ROWS_CONF, str(DEFAULT_SINGLE_NODE_MAX_ROWS))),
    )


def fit_single_node(
    rows: DataFrame, names: list[str], candidates: list[Hyperparameters], seed: int, threads: int
) -> list[xgb.Booster]:
    def task(frame: pd.DataFrame) -> dict:
        # Row order changes a hist fit in the last bits: sorted, a rerun gives the same model.
        frame = frame.sort_values("transaction_id", kind="mergesort")
        x, y = matrix(frame, names), frame["tx_fraud"].to_numpy()
        models = [to_bytes(fit(x, y, h, seed, threads)) for h in candidates]
        return {"models": [base64.b64encode(m).decode() for m in models]}

    result = run_on_one_executor(rows, ["transaction_id", "tx_fraud", *names], task)
    return [from_bytes(base64.b64decode(m)) for m in result["models"]]


def fit_distributed(
    rows: DataFrame, names: list[str], candidates: list[Hyperparameters], seed: int, workers: int
) -> list[xgb.Booster]:
    from pyspark.ml.feature import VectorAssembler
    from xgboost.spark import SparkXGBClassifier

    # On CPUs xgboost.spark takes one vector column (a list of columns needs a GPU).
    assembled = VectorAssembler(inputCols=names, outputCol="features", handleInvalid="keep").transform(
        rows.select("tx_fraud", *names)
    )
    boosters = []
    for h in candidates:
        params = booster_params(h, seed)
        estimator = SparkXGBClassifier(
            features_col="features",
            label_col="tx_fraud",
            num_workers=workers,
            n_estimators=h.rounds,
            max_depth=h.max_depth,
            learning_rate=h.learning_rate,
            scale_pos_weight=h.scale_pos_weight,
            min_child_weight=h.min_child_weight,
            tree_method=params["tree_method"],
            eval_metric=params["eval_metric"],
            random_state=seed,
        )
        booster = estimator.fit(assembled.select("tx_fraud", "features")).get_booster()
        # Same anonymous columns as a single-node fit: the ONNX converter reads f0, f1, ...
        booster.feature_names = None
        booster.feature_types = None
        boosters.append(booster)
    return boosters


def fit_candidates(
    rows: DataFrame,
    names: list[str],
    candidates: list[Hyperparameters],
    seed: int,
    resources: TrainingResources,
    path: str,
) -> list[xgb.Booster]:
    if path == SINGLE_NODE:
        return fit_single_node(rows, names, candidates, seed, resources.threads)
    return fit_distributed(rows, names, candidates, seed, resources.workers)
