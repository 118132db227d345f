"""MLflow logging, only when a tracking URI is configured: params, the test metrics the manifest
holds, the champion/challenger decision as tags and the whole bundle (model, manifest, plots, report)
as artifacts under `bundle/`. The client is mlflow-skinny in the training virtualenv."""

import os
import tempfile
from pathlib import Path

# Jobs submitted to the Data Processing cluster get Spark properties, not environment variables.
TRACKING_URI_PROPERTY = "spark.antifraud.mlflow.trackingUri"


def tracking_uri(property_value: str | None) -> str | None:
    """MLFLOW_TRACKING_URI when set, else the Spark property; None turns tracking off."""
    return os.environ.get("MLFLOW_TRACKING_URI") or property_value or None


def run_metrics(manifest: dict) -> dict[str, float]:
    """The manifest's test metrics under the names the run shows (a test reads them back)."""
    test = manifest["metrics"]["test"]
    return {
        "auc_roc": test["auc_roc"],
        "average_precision": test["average_precision"],
        "card_precision_at_100": test["card_precision_at_100"],
        **{f"threshold_{k}": v for k, v in test["at_threshold"].items()},
    }


def run_tags(manifest: dict) -> dict[str, str]:
    comparison = manifest["comparison"]
    decision = comparison["decision"]
    return {
        "antifraud.version": manifest["version"],
        "antifraud.decision": "promoted" if decision["promote"] else "not_promoted",
        "antifraud.decision_reason": decision["reason"],
        "antifraud.champion_compared": comparison.get("champion_version") or "none",
    }


def log_to_mlflow(manifest: dict, bundle_files: dict[str, bytes], uri: str | None) -> str | None:
    """Logs the run to `uri`; returns its id, or None when tracking is off."""
    if not uri:
        return None
    import mlflow

    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment(os.environ.get("MLFLOW_EXPERIMENT_NAME", "antifraud"))
    with mlflow.start_run(run_name=manifest["version"]) as run:
        mlflow.log_params(
            {
                **manifest["model"]["hyperparameters"],
                "seed": manifest["model"]["seed"],
                "feature_spec_version": manifest["feature_spec_version"],
            }
        )
        mlflow.log_metrics(run_metrics(manifest))
        mlflow.set_tags(run_tags(manifest))
        with tempfile.TemporaryDirectory() as folder:
            for name, data in bundle_files.items():
                Path(folder, name).write_bytes(data)
            mlflow.log_artifacts(folder, artifact_path="bundle")
        return run.info.run_id
