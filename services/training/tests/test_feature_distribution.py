"""Reference distribution for PSI: deduplicated decile edges and the share of values per bin."""

import numpy as np
import pytest

from antifraud_training.train.reference_distribution import (
    bin_proportions,
    decile_edges,
    feature_distribution,
)


@pytest.fixture(scope="module")
def frame(spark):
    rng = np.random.default_rng(7)
    amounts = rng.lognormal(3, 1, 1000)
    rows = [(float(amounts[i]), 1.0 if i % 10 < 3 else 0.0, 5.0, float(i % 4)) for i in range(1000)]
    return spark.createDataFrame(rows, "amount double, weekend double, constant double, small double")


NAMES = ["amount", "weekend", "constant", "small"]


def test_few_distinct_values_get_fewer_bins_and_exact_shares(frame):
    edges = decile_edges(frame, NAMES)
    assert edges[1:] == [[0.0, 1.0], [5.0], [0.0, 1.0, 2.0, 3.0]]
    rows, proportions = bin_proportions(frame, NAMES, edges)
    assert rows == 1000
    assert proportions[1:] == [[0.0, 0.7, 0.3], [0.0, 1.0], [0.0, 0.25, 0.25, 0.25, 0.25]]


def test_continuous_values_split_in_tenths_binned_as_numpy_searchsorted_right(frame):
    edges = decile_edges(frame, NAMES)[0]
    assert len(edges) == 9 and edges == sorted(set(edges))
    _, proportions = bin_proportions(frame, NAMES, decile_edges(frame, NAMES))
    values = np.array([r["amount"] for r in frame.select("amount").collect()])
    counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=len(edges) + 1)
    np.testing.assert_allclose(proportions[0], counts / len(values), rtol=0, atol=1e-12)
    np.testing.assert_allclose(proportions[0], [0.1] * 10, atol=0.01)
    assert sum(proportions[0]) == pytest.approx(1.0, abs=1e-12)


def test_the_manifest_entry_keeps_the_model_input_order(frame):
    window = {"first": "2018-08-01", "last": "2018-08-07", "days": 7}
    document = feature_distribution(frame, ["small", "amount"], "train", window)
    assert [f["name"] for f in document["features"]] == ["small", "amount"]
    assert document["source"] == "train" and document["window"] == window and document["rows"] == 1000
    for feature in document["features"]:
        assert len(feature["proportions"]) == len(feature["edges"]) + 1


def test_a_feature_without_values_is_refused(spark):
    empty = spark.createDataFrame([(None,), (None,)], "x double")
    with pytest.raises(ValueError, match="feature x has no values"):
        bin_proportions(empty, ["x"], [[]])
