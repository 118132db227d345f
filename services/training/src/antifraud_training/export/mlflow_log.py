"""MLflow logging, only when MLFLOW_TRACKING_URI is set (mlflow is then an extra install)."""

import os


def log_to_mlflow(manifest: dict, bundle_files: dict[str, bytes]) -> str | None:
    """Logs params, metrics and the bundle; returns the run id, or None when tracking is off."""
    if not os.environ.get("MLFLOW_TRACKING_URI"):
        return None
    try:
        import mlflow
    except ImportError as error:
        raise RuntimeError(
            "MLFLOW_TRACKING_URI is set but mlflow is not installed: .venv/bin/pip install mlflow"
        ) from error
    import tempfile
    from pathlib import Path

    test = manifest["metrics"]["test"]
    mlflow.set_experiment(os.environ.get("MLFLOW_EXPERIMENT_NAME", "antifraud"))
    with mlflow.start_run(run_name=manifest["version"]) as run:
        mlflow.log_params(
            {
                **manifest["model"]["hyperparameters"],
                "seed": manifest["model"]["seed"],
                "feature_spec_version": manifest["feature_spec_version"],
            }
        )
        mlflow.log_metrics(
            {
                "auc_roc": test["auc_roc"],
                "average_precision": test["average_precision"],
                "card_precision_at_100": test["card_precision_at_100"],
                **{f"threshold_{k}": v for k, v in test["at_threshold"].items()},
            }
        )
        with tempfile.TemporaryDirectory() as folder:
            for name, data in bundle_files.items():
                Path(folder, name).write_bytes(data)
            mlflow.log_artifacts(folder, artifact_path="bundle")
        return run.info.run_id
