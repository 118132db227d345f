"""Compare job: the champion scored on the challenger's test transactions, paired bootstrap of AP.

python -m antifraud_training compare --features-root DIR --run-dir DIR --models DIR [--resamples 1000]
"""

import argparse
import json

import numpy as np
import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from antifraud_training.compare.bootstrap import MIN_RESAMPLES, paired_bootstrap_ap
from antifraud_training.evaluate.summary import summarize
from antifraud_training.export.onnx_model import onnx_scores
from antifraud_training.export.registry import load_bundle, read_champion
from antifraud_training.features.job import transactions_path
from antifraud_training.run_files import BOOTSTRAP_FILE, COMPARISON_FILE, PREDICTIONS_FILE, RunFiles
from antifraud_training.session import build_session
from antifraud_training.storage import storage_for


def champion_inputs(spark: SparkSession, features_root: str, predictions: pd.DataFrame, names: list[str]):
    """The champion's input columns for the test transactions, from the predictions or the feature table;
    None when some of them are computed nowhere (the spec dropped or changed them)."""
    missing = [n for n in names if n not in predictions.columns]
    if not missing:
        return predictions[names]
    table = spark.read.parquet(transactions_path(features_root))
    if not set(missing) <= set(table.columns):
        return None
    days = sorted(set(predictions["day"]))
    extra = (
        table.where(F.col("day").between(F.lit(days[0]), F.lit(days[-1])))
        .select("transaction_id", *missing)
        .toPandas()
    )
    merged = predictions[["transaction_id"]].merge(
        extra, on="transaction_id", how="left", validate="one_to_one"
    )
    return pd.concat([predictions.drop(columns=missing, errors="ignore"), merged[missing]], axis=1)[names]


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
    manifest, model = load_bundle(models, models_root, champion["version"])
    predictions = files.read_frame(PREDICTIONS_FILE)
    inputs = champion_inputs(spark, features_root, predictions, manifest["feature_names"])
    if inputs is None:
        comparison = {
            "champion_version": champion["version"],
            "comparable": False,
            "reason": f"features {manifest['feature_names']} are not all computed by the current spec",
        }
        files.write_json(COMPARISON_FILE, comparison)
        return comparison
    champion_scores = onnx_scores(model, inputs.to_numpy(dtype=np.float32))
    labels = predictions["tx_fraud"].to_numpy()
    bootstrap = paired_bootstrap_ap(labels, predictions["score"].to_numpy(), champion_scores, resamples, seed)
    comparison = {
        "champion_version": champion["version"],
        "comparable": True,
        "champion_metrics": summarize(predictions, champion_scores, manifest["threshold"]["value"]),
        "bootstrap": bootstrap.as_dict(),
    }
    files.write_array(BOOTSTRAP_FILE, bootstrap.differences)
    files.write_json(COMPARISON_FILE, comparison)
    return comparison


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training compare", description=__doc__.splitlines()[0])
    parser.add_argument("--features-root", required=True)
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--models", required=True, help="models root (folder or s3a:// URI)")
    parser.add_argument("--resamples", type=int, default=MIN_RESAMPLES)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default local[2])")
    args = parser.parse_args(argv)
    spark = build_session("antifraud-compare", args.master)
    comparison = run(spark, args.features_root, args.run_dir, args.models, args.resamples, args.seed)
    print(json.dumps(comparison.get("bootstrap", comparison), default=str))
