"""Evaluate job: the trained model on the test window (known compromised cards removed), metrics at the
threshold chosen in training, test predictions kept for the comparison and the export.

    python -m antifraud_training evaluate --features-root DIR --run-dir DIR
"""

import argparse
import json
from datetime import date

import pandas as pd
from pyspark.sql import DataFrame, SparkSession

from antifraud_training.evaluate.summary import summarize
from antifraud_training.executor_task import run_on_one_executor
from antifraud_training.failures import stage_failures
from antifraud_training.features.job import transactions_path
from antifraud_training.run_files import (
    EVALUATION_FILE,
    PREDICTIONS,
    TRAINING_FILE,
    RunFiles,
    skip_if_exported,
)
from antifraud_training.session import add_spark_arguments, describe, session_from_args
from antifraud_training.storage import storage_for
from antifraud_training.train.dataset import evaluation_rows
from antifraud_training.train.protocol import Split, Window
from antifraud_training.train.scoring import with_scores

PREDICTION_KEYS = ["transaction_id", "day", "customer_id", "terminal_id", "tx_fraud"]


def split_of(record: dict) -> Split:
    s = record["split"]
    return Split(
        train=Window(date.fromisoformat(s["train"]["first"]), date.fromisoformat(s["train"]["last"])),
        delay_days=s["delay_days"],
        test=Window(date.fromisoformat(s["test"]["first"]), date.fromisoformat(s["test"]["last"])),
    )


def summarize_scored(scored: DataFrame, score_column: str, threshold: float) -> dict:
    """Test metrics of one score column, computed in one executor task from the narrow projection."""

    def task(rows: pd.DataFrame) -> dict:
        if rows.empty or rows["tx_fraud"].sum() == 0:
            return {"error": "no fraud left to evaluate"}
        return summarize(rows, rows[score_column].to_numpy(), threshold)

    result = run_on_one_executor(scored, ["day", "customer_id", "tx_fraud", score_column], task)
    if "error" in result:
        raise ValueError(result["error"])
    return result


def run(spark: SparkSession, features_root: str, run_dir: str) -> dict:
    files = RunFiles(storage_for(run_dir, spark), run_dir)
    record = files.read_json(TRAINING_FILE)
    names = [f["name"] for f in record["features"]]
    split = split_of(record)
    features = spark.read.parquet(transactions_path(features_root))
    test = evaluation_rows(features, split).select(*PREDICTION_KEYS, *names)
    predictions = files.path(PREDICTIONS)
    with_scores(test, names, {"score": (files.read_model(), None)}).write.mode("overwrite").parquet(
        predictions
    )
    try:
        metrics = summarize_scored(spark.read.parquet(predictions), "score", record["threshold"]["value"])
    except ValueError as error:
        raise ValueError(f"test window {split.test.first}..{split.test.last}: {error}") from error
    evaluation = {"test": metrics}
    files.write_json(EVALUATION_FILE, evaluation)
    return evaluation


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--features-root", required=True)
    parser.add_argument("--run-dir", required=True)
    add_spark_arguments(parser)
    args = parser.parse_args(argv)
    spark = None
    with stage_failures("evaluate", lambda: describe(spark) if spark else ""):
        spark = session_from_args("antifraud-evaluate", args)
        if skip_if_exported(storage_for(args.run_dir, spark), args.run_dir):
            return
        evaluation = run(spark, args.features_root, args.run_dir)
    test = evaluation["test"]
    print(
        json.dumps(
            {k: test[k] for k in ("auc_roc", "average_precision", "card_precision_at_100", "at_threshold")}
        )
    )
