"""Compare job: the champion scored on the challenger's test transactions, paired bootstrap of AP.

python -m antifraud_training compare --features-root DIR --run-dir DIR --models DIR [--resamples 1000]
"""

import argparse
import json

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from antifraud_training.compare.bootstrap import MIN_RESAMPLES, paired_bootstrap_ap
from antifraud_training.evaluate.summary import summarize
from antifraud_training.executor_task import run_on_one_executor
from antifraud_training.export.onnx_model import with_onnx_scores
from antifraud_training.export.registry import load_bundle, read_champion
from antifraud_training.failures import stage_failures
from antifraud_training.features.job import transactions_path
from antifraud_training.run_files import (
    BOOTSTRAP_FILE,
    COMPARISON_FILE,
    PREDICTIONS,
    RunFiles,
    skip_if_exported,
)
from antifraud_training.session import add_spark_arguments, describe, session_from_args
from antifraud_training.storage import storage_for
from antifraud_training.train.dataset import days_between

CHAMPION_SCORE = "champion_score"


def champion_inputs(spark: SparkSession, features_root: str, predictions: DataFrame, names: list[str]):
    """The test predictions with the champion's input columns, from the predictions or the feature table;
    None when some of them are computed nowhere (the spec dropped or changed them)."""
    missing = [n for n in names if n not in predictions.columns]
    if not missing:
        return predictions
    table = spark.read.parquet(transactions_path(features_root))
    if not set(missing) <= set(table.columns):
        return None
    days = predictions.agg(F.min("day").alias("first"), F.max("day").alias("last")).first()
    extra = days_between(table, days["first"], days["last"]).select("transaction_id", *missing)
    return predictions.drop(*[m for m in missing if m in predictions.columns]).join(
        extra, on="transaction_id", how="left"
    )


def bootstrap_task(resamples: int, seed: int, champion_threshold: float):
    def task(rows: pd.DataFrame) -> dict:
        # The resamples draw rows by position: sorted, the same data gives the same draws.
        rows = rows.sort_values("transaction_id", kind="mergesort").reset_index(drop=True)
        labels, champion = rows["tx_fraud"].to_numpy(), rows[CHAMPION_SCORE].to_numpy()
        result = paired_bootstrap_ap(labels, rows["score"].to_numpy(), champion, resamples, seed)
        return {
            "bootstrap": result.as_dict(),
            "differences": result.differences.tolist(),
            "champion_metrics": summarize(rows, champion, champion_threshold),
        }

    return task


def run(
    spark: SparkSession,
    features_root: str,
    run_dir: str,
    models_root: str,
    resamples: int = MIN_RESAMPLES,
    seed: int = 0,
) -> dict:
    files = RunFiles(storage_for(run_dir, spark), run_dir)
    models = storage_for(models_root, spark)
    champion = read_champion(models, models_root)
    if champion is None:
        comparison = {"champion_version": None, "comparable": False, "reason": "no champion yet"}
        files.write_json(COMPARISON_FILE, comparison)
        return comparison
    if resamples < MIN_RESAMPLES:
        raise ValueError(f"at least {MIN_RESAMPLES} resamples, got {resamples}")
    manifest, model = load_bundle(models, models_root, champion["version"])
    predictions = spark.read.parquet(files.path(PREDICTIONS))
    inputs = champion_inputs(spark, features_root, predictions, manifest["feature_names"])
    if inputs is None:
        comparison = {
            "champion_version": champion["version"],
            "comparable": False,
            "reason": f"features {manifest['feature_names']} are not all computed by the current spec",
        }
        files.write_json(COMPARISON_FILE, comparison)
        return comparison
    scored = with_onnx_scores(inputs, model, manifest["feature_names"], CHAMPION_SCORE)
    result = run_on_one_executor(
        scored,
        ["transaction_id", "day", "customer_id", "tx_fraud", "score", CHAMPION_SCORE],
        bootstrap_task(resamples, seed, manifest["threshold"]["value"]),
    )
    comparison = {
        "champion_version": champion["version"],
        "comparable": True,
        "champion_metrics": result["champion_metrics"],
        "bootstrap": result["bootstrap"],
    }
    files.write_array(BOOTSTRAP_FILE, np.asarray(result["differences"]))
    files.write_json(COMPARISON_FILE, comparison)
    return comparison


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training compare", description=__doc__.splitlines()[0])
    parser.add_argument("--features-root", required=True)
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--models", required=True, help="models root (folder or s3a:// URI)")
    parser.add_argument("--resamples", type=int, default=MIN_RESAMPLES)
    parser.add_argument("--seed", type=int, default=0)
    add_spark_arguments(parser)
    args = parser.parse_args(argv)
    spark = None
    with stage_failures("compare", lambda: describe(spark) if spark else ""):
        spark = session_from_args("antifraud-compare", args)
        if skip_if_exported(storage_for(args.run_dir, spark), args.run_dir):
            return
        comparison = run(spark, args.features_root, args.run_dir, args.models, args.resamples, args.seed)
    print(json.dumps(comparison.get("bootstrap", comparison), default=str))
