"""Both training paths on the same Spark frame: single-node (one executor task) and distributed
(xgboost.spark, 2 workers); each gives a booster that ranks the signal and exports to ONNX with parity."""

import numpy as np
import pytest

from antifraud_training.evaluate.ranking import roc_auc
from antifraud_training.export.onnx_model import parity, to_onnx
from antifraud_training.train.fitting import (
    DISTRIBUTED,
    SINGLE_NODE,
    TrainingResources,
    fit_candidates,
    training_resources,
)
from antifraud_training.train.model import Hyperparameters, predict

NAMES = ["a", "b", "c"]
CANDIDATES = [Hyperparameters(3, 0.3, 30), Hyperparameters(2, 0.1, 20)]


@pytest.fixture(scope="module")
def data(spark):
    rng = np.random.default_rng(1)
    x = rng.random((4000, 3)).astype(np.float32)
    y = ((x[:, 0] + 0.5 * x[:, 1] + rng.normal(0, 0.1, len(x))) > 1.1).astype(int)
    rows = [(i, int(label), *map(float, values)) for i, (label, values) in enumerate(zip(y, x, strict=True))]
    frame = spark.createDataFrame(rows, "transaction_id long, tx_fraud int, a double, b double, c double")
    return frame.repartition(3), x, y


@pytest.mark.parametrize("path", [SINGLE_NODE, DISTRIBUTED])
def test_each_path_fits_every_candidate_with_its_rounds_and_exports_with_parity(data, path):
    frame, x, y = data
    resources = TrainingResources(workers=2, threads=2, single_node_max_rows=10**9)
    boosters = fit_candidates(frame, NAMES, CANDIDATES, seed=0, resources=resources, path=path)
    assert [b.num_boosted_rounds() for b in boosters] == [30, 20]
    for booster in boosters:
        assert booster.feature_names is None  # anonymous f0.. columns, as the ONNX converter reads them
        scores = predict(booster, x)
        assert roc_auc(y, scores) > 0.95
        assert parity(to_onnx(booster, len(NAMES)), scores, x).ok


def test_single_node_fits_are_reproducible_whatever_the_row_order(data):
    frame, x, _ = data
    resources = TrainingResources(workers=2, threads=2, single_node_max_rows=10**9)
    first = fit_candidates(frame, NAMES, CANDIDATES[:1], 0, resources, SINGLE_NODE)[0]
    again = fit_candidates(frame.orderBy("c"), NAMES, CANDIDATES[:1], 0, resources, SINGLE_NODE)[0]
    np.testing.assert_array_equal(predict(first, x), predict(again, x))


def test_the_path_is_chosen_by_size_and_resources_come_from_flags_or_the_session(spark):
    resources = TrainingResources(workers=4, threads=2, single_node_max_rows=1000)
    assert (resources.path_for(1000), resources.path_for(1001)) == (SINGLE_NODE, DISTRIBUTED)
    assert training_resources(spark) == TrainingResources(
        workers=2, threads=2, single_node_max_rows=5_000_000
    )
    assert training_resources(spark, workers=1, single_node_max_rows=0).path_for(1) == DISTRIBUTED
