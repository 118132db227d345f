"""ONNX export: tensor outputs only (no ZipMap), float32 input named `features`, parity with XGBoost."""

import numpy as np
import onnx

from antifraud_training.export.onnx_model import INPUT_NAME, onnx_scores, parity, session, to_onnx
from antifraud_training.train.model import Hyperparameters, fit, predict


def trained(n: int = 3000, features: int = 6):
    rng = np.random.default_rng(0)
    x = (rng.random((n, features)) * [1, 1, 100, 5, 1, 1000]).astype(np.float32)
    y = ((x[:, 0] + x[:, 2] / 100 + rng.normal(0, 0.2, n)) > 1.3).astype(int)
    return fit(x, y, Hyperparameters(max_depth=4, learning_rate=0.3, rounds=40), seed=0), x


def test_exported_model_has_the_contract_inputs_and_outputs():
    booster, x = trained()
    model = onnx.load_from_string(to_onnx(booster, x.shape[1]))
    assert [i.name for i in model.graph.input] == [INPUT_NAME]
    assert model.graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    assert [o.name for o in model.graph.output] == ["label", "probabilities"]
    assert all(o.type.HasField("tensor_type") for o in model.graph.output)
    assert "ZipMap" not in {node.op_type for node in model.graph.node}


def test_onnx_matches_xgboost_on_every_row():
    booster, x = trained()
    model_bytes = to_onnx(booster, x.shape[1])
    labels, probabilities = session(model_bytes).run(None, {INPUT_NAME: x})
    assert probabilities.shape == (len(x), 2) and probabilities.dtype == np.float32
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-6)
    np.testing.assert_array_equal(labels, (probabilities[:, 1] > 0.5).astype(np.int64))
    check = parity(model_bytes, predict(booster, x), x)
    assert check.rows == len(x)
    assert check.ok and check.max_abs_diff < 1e-5


def test_parity_detects_a_different_model():
    booster, x = trained()
    other, _ = trained(features=6, n=500)
    check = parity(to_onnx(other, x.shape[1]), predict(booster, x), x)
    assert not check.ok
    assert np.allclose(onnx_scores(to_onnx(booster, x.shape[1]), x), predict(booster, x), atol=1e-5)
