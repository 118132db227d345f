"""XGBoost -> ONNX (TreeEnsembleClassifier, no ZipMap: onnxruntime-node reads tensors only) and the
parity check of the exported model against the trained one."""

from dataclasses import dataclass

import numpy as np
import onnx
import onnxruntime as ort
import xgboost as xgb
from onnxmltools.convert import convert_xgboost
from onnxmltools.convert.common.data_types import FloatTensorType
from pyspark.sql import DataFrame
from pyspark.sql.types import DoubleType, StructField, StructType

INPUT_NAME = "features"
LABEL_OUTPUT = "label"
PROBABILITIES_OUTPUT = "probabilities"
TARGET_OPSET = 15
MAX_PARITY_DIFF = 1e-5


def to_onnx(booster: xgb.Booster, feature_count: int, doc: str = "") -> bytes:
    model = convert_xgboost(
        booster,
        initial_types=[(INPUT_NAME, FloatTensorType([None, feature_count]))],
        target_opset=TARGET_OPSET,
    )
    outputs = [o.name for o in model.graph.output]
    if outputs != [LABEL_OUTPUT, PROBABILITIES_OUTPUT]:
        raise ValueError(f"unexpected ONNX outputs {outputs}")
    model.doc_string = doc
    onnx.checker.check_model(model)
    return model.SerializeToString()


def session(model_bytes: bytes) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


def onnx_scores(model_bytes: bytes, features: np.ndarray) -> np.ndarray:
    """Probability of the fraud class, as the scorer reads it (column 1 of `probabilities`)."""
    _, probabilities = session(model_bytes).run(None, {INPUT_NAME: features.astype(np.float32)})
    return probabilities[:, 1].astype(np.float64)


@dataclass(frozen=True)
class Parity:
    max_abs_diff: float
    rows: int

    @property
    def ok(self) -> bool:
        return self.max_abs_diff < MAX_PARITY_DIFF


def parity(model_bytes: bytes, trained_scores: np.ndarray, features: np.ndarray) -> Parity:
    exported = onnx_scores(model_bytes, features)
    diff = float(np.max(np.abs(exported - trained_scores))) if len(exported) else 0.0
    return Parity(max_abs_diff=diff, rows=len(exported))


def with_onnx_scores(frame: DataFrame, model_bytes: bytes, names: list[str], column: str) -> DataFrame:
    """Adds the ONNX model's fraud probability as `column`, computed by the executors (the scorer's
    view of the model: float32 inputs in `names` order, column 1 of `probabilities`)."""
    model = frame.sparkSession.sparkContext.broadcast(model_bytes)
    schema = StructType([*frame.schema.fields, StructField(column, DoubleType(), False)])

    def score(batches):
        runner = session(model.value)
        for batch in batches:
            features = batch[names].to_numpy(dtype=np.float32)
            scores = runner.run(None, {INPUT_NAME: features})[1][:, 1] if len(batch) else np.empty(0)
            yield batch.assign(**{column: np.asarray(scores, dtype=np.float64)})

    return frame.mapInPandas(score, schema)
