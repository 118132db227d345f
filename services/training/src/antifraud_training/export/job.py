"""Export job: ONNX model + parity check, promotion decision, bundle <models>/<version>/ with manifest,
report and plots, and champion.json replaced atomically when the model is promoted.

    python -m antifraud_training export --run-dir DIR --models DIR
"""

import argparse
import json
from datetime import UTC, datetime
from importlib.metadata import version as package_version

import numpy as np

from antifraud_training.compare.bootstrap import BootstrapResult
from antifraud_training.compare.promotion import decide
from antifraud_training.export import plots
from antifraud_training.export.mlflow_log import log_to_mlflow
from antifraud_training.export.onnx_model import (
    INPUT_NAME,
    LABEL_OUTPUT,
    PROBABILITIES_OUTPUT,
    TARGET_OPSET,
    parity,
    to_onnx,
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
from antifraud_training.run_files import (
    BOOTSTRAP_FILE,
    COMPARISON_FILE,
    EVALUATION_FILE,
    PREDICTIONS_FILE,
    TRAINING_FILE,
    RunFiles,
)
from antifraud_training.session import build_session
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


def _plots(labels, scores, test: dict, bootstrap: BootstrapResult | None) -> dict[str, bytes]:
    at = test["at_threshold"]
    result = {
        "roc.png": plots.roc_plot(labels, scores, test["auc_roc"]),
        "precision-recall.png": plots.pr_plot(
            labels, scores, test["average_precision"], (at["recall"], at["precision"])
        ),
        "score-histograms.png": plots.histogram_plot(labels, scores, at["threshold"]),
    }
    if bootstrap is not None:
        result["bootstrap.png"] = plots.bootstrap_plot(
            bootstrap.differences, bootstrap.difference, (bootstrap.ci_low, bootstrap.ci_high)
        )
    return result


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
    predictions = files.read_frame(PREDICTIONS_FILE)
    names = [f["name"] for f in training["features"]]
    models = storage_for(models_root, spark)
    if models.exists(models.join(models_root, training["version"], MANIFEST_FILE)):
        raise FileExistsError(
            f"bundle {training['version']} already exists under {models_root}: bundles are immutable"
        )
    model_bytes = to_onnx(files.read_model(), len(names), doc=f"antifraud {training['version']}")
    check = parity(
        model_bytes, predictions["score"].to_numpy(), predictions[names].to_numpy(dtype=np.float32)
    )
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
    labels, scores = predictions["tx_fraud"].to_numpy(), predictions["score"].to_numpy()
    bundle = {
        MODEL_FILE: model_bytes,
        "features.json": json.dumps(
            {"spec_version": training["feature_spec_version"], "features": training["features"]}, indent=2
        ).encode(),
    }
    figures = _plots(labels, scores, evaluation["test"], bootstrap)
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
    mlflow_run = log_to_mlflow(manifest, {**bundle, MANIFEST_FILE: manifest_bytes})
    return {
        "version": training["version"],
        "bundle": models.join(models_root, training["version"]),
        "promoted": decision["promote"],
        "reason": decision["reason"],
        "parity_max_abs_diff": check.max_abs_diff,
        "mlflow_run_id": mlflow_run,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training export", description=__doc__.splitlines()[0])
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--models", required=True, help="models root (folder or s3a:// URI)")
    parser.add_argument(
        "--signing-key",
        help="PEM Ed25519 private key that signs the manifest (default $MODEL_SIGNING_KEY_FILE)",
    )
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default local[2])")
    args = parser.parse_args(argv)
    spark = build_session("antifraud-export", args.master)
    print(json.dumps(run(spark, args.run_dir, args.models, signing_key_path=args.signing_key)))
