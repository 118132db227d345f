"""The run folder that carries a model from one job to the next (train -> evaluate -> compare -> export):
JSON documents, the XGBoost model and the test predictions, on a local folder or an s3a:// URI."""

import io
import json

import numpy as np
import xgboost as xgb

from antifraud_training.storage import Storage

MODEL_FILE = "model.xgb.json"
TRAINING_FILE = "training.json"
EVALUATION_FILE = "evaluation.json"
# Spark datasets (folders) written by the executors.
PREDICTIONS = "test-predictions"
VALIDATION_PREDICTIONS = "validation-predictions"
COMPARISON_FILE = "comparison.json"
BOOTSTRAP_FILE = "bootstrap-differences.npy"
# Written last by the export: the run is finished and its bundle published.
EXPORT_FILE = "export.json"


class RunFiles:
    def __init__(self, storage: Storage, root: str) -> None:
        self.storage, self.root = storage, root

    def path(self, name: str) -> str:
        return self.storage.join(self.root, name)

    def exists(self, name: str) -> bool:
        return self.storage.exists(self.path(name))

    def write_json(self, name: str, document: dict) -> None:
        self.storage.write_bytes(self.path(name), json.dumps(document, indent=2, default=str).encode())

    def read_json(self, name: str) -> dict:
        return json.loads(self.storage.read_bytes(self.path(name)))

    def write_model(self, booster: xgb.Booster) -> None:
        self.storage.write_bytes(self.path(MODEL_FILE), bytes(booster.save_raw("json")))

    def read_model(self) -> xgb.Booster:
        booster = xgb.Booster()
        booster.load_model(bytearray(self.storage.read_bytes(self.path(MODEL_FILE))))
        return booster

    def write_array(self, name: str, values: np.ndarray) -> None:
        buffer = io.BytesIO()
        np.save(buffer, values)
        self.storage.write_bytes(self.path(name), buffer.getvalue())

    def read_array(self, name: str) -> np.ndarray:
        return np.load(io.BytesIO(self.storage.read_bytes(self.path(name))))


def skip_if_exported(storage: Storage, run_dir: str) -> bool:
    """True (and the export's result printed) when this run folder was already exported: a scheduled
    retrain rerun for the same date then publishes nothing new and decides nothing again."""
    files = RunFiles(storage, run_dir)
    if not files.exists(EXPORT_FILE):
        return False
    print(json.dumps({"skipped": "run already exported", **files.read_json(EXPORT_FILE)}))
    return True
