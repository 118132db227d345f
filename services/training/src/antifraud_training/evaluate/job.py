"""Evaluate job: the trained model on the test window (known compromised cards removed), metrics at the
threshold chosen in training, test predictions kept for the comparison and the export.

    python -m antifraud_training evaluate --features-root DIR --run-dir DIR
"""

import argparse
import json
from datetime import date

from pyspark.sql import SparkSession

from antifraud_training.evaluate.summary import summarize
from antifraud_training.features.job import transactions_path
from antifraud_training.run_files import EVALUATION_FILE, PREDICTIONS_FILE, TRAINING_FILE, RunFiles
from antifraud_training.session import build_session
from antifraud_training.storage import storage_for
from antifraud_training.train.dataset import collect_days, evaluation_rows, matrix
from antifraud_training.train.model import predict
from antifraud_training.train.protocol import Split, Window

PREDICTION_KEYS = ["transaction_id", "day", "customer_id", "terminal_id", "tx_fraud"]


def split_of(record: dict) -> Split:
    s = record["split"]
    return Split(
        train=Window(date.fromisoformat(s["train"]["first"]), date.fromisoformat(s["train"]["last"])),
        delay_days=s["delay_days"],
        test=Window(date.fromisoformat(s["test"]["first"]), date.fromisoformat(s["test"]["last"])),
    )


def run(spark: SparkSession, features_root: str, run_dir: str) -> dict:
    files = RunFiles(storage_for(run_dir, spark), run_dir)
    record = files.read_json(TRAINING_FILE)
    names = [f["name"] for f in record["features"]]
    split = split_of(record)
    features = spark.read.parquet(transactions_path(features_root))
    test = evaluation_rows(collect_days(features, names, split.known_from, split.test.last), split)
    if test.empty or test["tx_fraud"].sum() == 0:
        raise ValueError(f"test window {split.test.first}..{split.test.last} has no fraud left to evaluate")
    scores = predict(files.read_model(), matrix(test, names))
    evaluation = {"test": summarize(test, scores, record["threshold"]["value"])}
    predictions = test[PREDICTION_KEYS + names].copy()
    predictions["score"] = scores
    files.write_frame(PREDICTIONS_FILE, predictions)
    files.write_json(EVALUATION_FILE, evaluation)
    return evaluation


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--features-root", required=True)
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default local[2])")
    args = parser.parse_args(argv)
    evaluation = run(build_session("antifraud-evaluate", args.master), args.features_root, args.run_dir)
    test = evaluation["test"]
    print(
        json.dumps(
            {k: test[k] for k in ("auc_roc", "average_precision", "card_precision_at_100", "at_threshold")}
        )
    )
