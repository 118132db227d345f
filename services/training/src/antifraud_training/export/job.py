"""Export job: ONNX model + parity check, promotion decision, bundle <models>/<version>/ with manifest,
report and plots, and champion.json replaced atomically when the model is promoted.

    python -m antifraud_training export --run-dir DIR --models DIR
"""

import argparse
import base64
import json
from datetime import UTC, datetime
from importlib.metadata import version as package_version

import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from antifraud_training.compare.bootstrap import BootstrapResult
from antifraud_training.compare.promotion import decide
from antifraud_training.executor_task import run_on_one_executor
from antifraud_training.export import plots
from antifraud_training.export.mlflow_log import TRACKING_URI_PROPERTY, log_to_mlflow, tracking_uri
from antifraud_training.export.onnx_model import (
    INPUT_NAME,
    LABEL_OUTPUT,
    PROBABILITIES_OUTPUT,
    TARGET_OPSET,
    Parity,
    to_onnx,
    with_onnx_scores,
)
from antifraud_training.export.registry import (
    MANIFEST_FILE,
    MODEL_FILE,
    champion_document,
    promote,
    read_champion,
    sha256,
)
from antifraud_training.export.report import render
from antifraud_training.export.signing import SIGNATURE_FILE, load_signing_key, signature_document
from antifraud_training.failures import stage_failures
from antifraud_training.run_files import (
    BOOTSTRAP_FILE,
    COMPARISON_FILE,
    EVALUATION_FILE,
    EXPORT_FILE,
    PREDICTIONS,
    TRAINING_FILE,
    RunFiles,
    skip_if_exported,
)
from antifraud_training.session import add_spark_arguments, describe, session_from_args
from antifraud_training.storage import storage_for

LIBRARIES = ("xgboost-cpu", "onnx", "onnxmltools", "onnxruntime", "pyspark")


def _bootstrap(comparison: dict, files: RunFiles) -> BootstrapResult | None:
    if not comparison.get("comparable"):
        return None
    b = comparison["bootstrap"]
    return BootstrapResult(
        b["challenger"],
        b["champion"],
        b["difference"],
        b["ci_low"],
        b["ci_high"],
        b["p_value_one_sided"],
        b["resamples"],
        b["seed"],
        b["confidence"],
        files.read_array(BOOTSTRAP_FILE),
    )


def test_set_plots(predictions: DataFrame, test: dict) -> dict[str, bytes]:
    """ROC, precision-recall and score histograms of the test set, drawn by one executor task."""
    at = test["at_threshold"]
    auc, ap = test["auc_roc"], test["average_precision"]

    def task(rows: pd.DataFrame) -> dict:
        labels, scores = rows["tx_fraud"].to_numpy(), rows["score"].to_numpy()
        figures = {
            "roc.png": plots.roc_plot(labels, scores, auc),
            "precision-recall.png": plots.pr_plot(labels, scores, ap, (at["recall"], at["precision"])),
            "score-histograms.png": plots.histogram_plot(labels, scores, at["threshold"]),
        }
        return {name: base64.b64encode(png).decode() for name, png in figures.items()}

    return {
        name: base64.b64decode(png)
        for name, png in run_on_one_executor(predictions, ["tx_fraud", "score"], task).items()
    }


def scored_parity(predictions: DataFrame, model_bytes: bytes, names: list[str]) -> Parity:
    """Max |ONNX - XGBoost| over the test set, computed by the executors."""
    diff = F.abs(F.col("onnx_score") - F.col("score"))
    row = (
        with_onnx_scores(predictions, model_bytes, names, "onnx_score")
        .agg(F.max(diff).alias("diff"), F.count(F.lit(1)).alias("rows"))
        .first()
    )
    return Parity(max_abs_diff=float(row["diff"] or 0.0), rows=int(row["rows"]))


def build_manifest(
    training: dict, evaluation: dict, comparison: dict, decision: dict, parity_result, feature_count: int
) -> dict:
    return {
        "format": "antifraud.model-bundle",
        "format_version": 1,
        "version": training["version"],
        "created_at": training["created_at"],
        "feature_spec_version": training["feature_spec_version"],
        "feature_names": [f["name"] for f in training["features"]],
        "features": training["features"],
        "model": {
            "file": MODEL_FILE,
            "learner": "xgboost",
            "input": {"name": INPUT_NAME, "dtype": "float32", "shape": [None, feature_count]},
            "outputs": {"label": LABEL_OUTPUT, "probabilities": PROBABILITIES_OUTPUT, "fraud_column": 1},
            "onnx_opset": TARGET_OPSET,
            "hyperparameters": training["hyperparameters"],
            "seed": training["seed"],
            "libraries": {name: package_version(name) for name in LIBRARIES},
        },
        "threshold": {
            "value": training["threshold"]["value"],
            "decision": "decline when probability >= value",
            "method": training["threshold"]["method"],
            "max_legit_decline_share": training["threshold"]["max_legit_decline_share"],
            "on_validation": training["threshold"]["validation"],
        },
        "metrics": {"test": evaluation["test"]},
        "training": {
            "split": training["split"],
            "training_rows": training["training_rows"],
            "training_frauds": training["training_frauds"],
            "validation": training["validation"],
        },
        "parity": {
            "max_abs_diff": parity_result.max_abs_diff,
            "rows": parity_result.rows,
            "compared": "onnxruntime probabilities vs the trained xgboost booster on the test set",
        },
        "comparison": {**comparison, "decision": decision},
    }


def run(spark, run_dir: str, models_root: str, progress=print, signing_key_path: str | None = None) -> dict:
    signing_key = load_signing_key(signing_key_path)
    files = RunFiles(storage_for(run_dir, spark), run_dir)
    training, evaluation = files.read_json(TRAINING_FILE), files.read_json(EVALUATION_FILE)
    comparison = files.read_json(COMPARISON_FILE)
    predictions = spark.read.parquet(files.path(PREDICTIONS))
    names = [f["name"] for f in training["features"]]
    models = storage_for(models_root, spark)
    if models.exists(models.join(models_root, training["version"], MANIFEST_FILE)):
        raise FileExistsError(
            f"bundle {training['version']} already exists under {models_root}: bundles are immutable"
        )
    model_bytes = to_onnx(files.read_model(), len(names), doc=f"antifraud {training['version']}")
    check = scored_parity(predictions, model_bytes, names)
    progress(f"ONNX parity on {check.rows} test transactions: max abs diff {check.max_abs_diff:.3g}")
    if not check.ok:
        raise ValueError(f"ONNX model differs from the trained model by {check.max_abs_diff:g} (limit 1e-5)")
    bootstrap = _bootstrap(comparison, files)
    decision = decide(
        evaluation["test"],
        check.max_abs_diff,
        comparison.get("champion_metrics"),
        bootstrap,
        incomparable=comparison.get("reason") if comparison.get("champion_version") else None,
    ).as_dict()
    manifest = build_manifest(training, evaluation, comparison, decision, check, len(names))
    manifest["feature_distribution"] = training["feature_distribution"]
    bundle = {
        MODEL_FILE: model_bytes,
        "features.json": json.dumps(
            {"spec_version": training["feature_spec_version"], "features": training["features"]}, indent=2
        ).encode(),
    }
    figures = test_set_plots(predictions, evaluation["test"])
    if bootstrap is not None:
        figures["bootstrap.png"] = plots.bootstrap_plot(
            bootstrap.differences, bootstrap.difference, (bootstrap.ci_low, bootstrap.ci_high)
        )
    bundle.update(figures)
    bundle["report.html"] = render(manifest, sorted(figures)).encode()
    manifest["files"] = {
        name: {"sha256": sha256(data), "bytes": len(data)} for name, data in sorted(bundle.items())
    }
    manifest_bytes = json.dumps(manifest, indent=2).encode()
    for name, data in bundle.items():
        models.write_bytes(models.join(models_root, training["version"], name), data)
    # The signature first: a reader that finds the manifest also finds its signature.
    models.write_bytes(
        models.join(models_root, training["version"], SIGNATURE_FILE),
        signature_document(manifest_bytes, signing_key),
    )
    models.write_bytes(models.join(models_root, training["version"], MANIFEST_FILE), manifest_bytes)
    if decision["promote"]:
        previous = read_champion(models, models_root)
        promote(
            models,
            models_root,
            champion_document(manifest, manifest_bytes, decision["reason"], previous, datetime.now(UTC)),
        )
    mlflow_run = log_to_mlflow(
        manifest,
        {**bundle, MANIFEST_FILE: manifest_bytes},
        tracking_uri(spark.conf.get(TRACKING_URI_PROPERTY, None)),
    )
    result = {
        "version": training["version"],
        "bundle": models.join(models_root, training["version"]),
        "promoted": decision["promote"],
        "reason": decision["reason"],
        "parity_max_abs_diff": check.max_abs_diff,
        "mlflow_run_id": mlflow_run,
    }
    files.write_json(EXPORT_FILE, result)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training export", description=__doc__.splitlines()[0])
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--models", required=True, help="models root (folder or s3a:// URI)")
    parser.add_argument(
        "--signing-key",
        help="PEM Ed25519 private key that signs the manifest: a file, or lockbox:<secret id> on the "
        "cluster (default $MODEL_SIGNING_KEY_FILE)",
    )
    add_spark_arguments(parser)
    args = parser.parse_args(argv)
    spark = None
    with stage_failures("export", lambda: describe(spark) if spark else ""):
        spark = session_from_args("antifraud-export", args)
        if skip_if_exported(storage_for(args.run_dir, spark), args.run_dir):
            return
        result = run(spark, args.run_dir, args.models, signing_key_path=args.signing_key)
    print(json.dumps(result))
