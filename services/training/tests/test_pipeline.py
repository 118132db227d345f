"""The whole pipeline on a small dataset made by the project's simulator (services/simulator), with dirty
rows injected: counts per cleaning rule, a loadable bundle with valid checksums, the champion pointer,
the terminal snapshot, and a second comparison against the now-champion that must not promote."""

import base64
import gzip
import hashlib
import io
import json
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from cryptography.exceptions import InvalidSignature
from pyspark import RDD
from pyspark.sql import DataFrame

from antifraud_training import pipeline
from antifraud_training.compare import job as compare_job
from antifraud_training.export import job as export_job
from antifraud_training.train.prequential import Grid

REPO = Path(__file__).resolve().parents[3]
SIMULATOR = REPO / "services" / "simulator" / "src" / "cli" / "simulate.ts"
TINY_GRID = Grid(max_depth=(3,), learning_rate=(0.3,), rounds=(30, 60), scale_pos_weight=(1.0,))
# simulator dirty rule -> the cleaning rules that catch it
RULE_MAP = {
    "duplicate_id": ["duplicate_id"],
    "empty_field": ["empty_field"],
    "non_positive_amount": ["non_positive_amount"],
    "negative_id": ["negative_id"],
    "time_24": ["impossible_datetime"],
    "malformed": ["malformed_row", "unparsable_field"],
}


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw")
    subprocess.run(
        [
            str(REPO / "node_modules" / ".bin" / "tsx"),
            str(SIMULATOR),
            "--out",
            str(out),
            "--customers",
            "400",
            "--terminals",
            "800",
            "--days",
            "56",
            "--start",
            "2018-04-01",
            "--seed",
            "3",
            "--dirty-rate",
            "0.002",
            "--quiet",
        ],
        cwd=REPO,
        check=True,
        timeout=120,
    )
    return out


@pytest.fixture(scope="module")
def result(spark, raw, tmp_path_factory) -> dict:
    work, models = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("models")
    args = pipeline.parse_args(
        [
            "--raw",
            str(raw),
            "--work",
            str(work),
            "--models",
            str(models),
            "--train-days",
            "7",
            "--folds",
            "2",
            "--master",
            "local[2]",
        ]
    )
    printed = io.StringIO()
    with rows_returned_to_the_driver() as returned:
        outcome = pipeline.run(args, grid=TINY_GRID, out=printed)
    return {**outcome, "models": models, "work": work, "printed": printed.getvalue(), "returned": returned}


@contextmanager
def rows_returned_to_the_driver():
    """Records how many rows every driver-side call of the run returned (collect, toPandas, take, ...)."""
    returned: list[tuple[str, int]] = []
    originals = {}

    def recording(owner, name):
        original = getattr(owner, name)
        originals[(owner, name)] = original

        def call(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            returned.append((f"{owner.__name__}.{name}", len(result) if hasattr(result, "__len__") else 1))
            return result

        setattr(owner, name, call)

    for owner, name in [
        (DataFrame, "collect"),
        (DataFrame, "toPandas"),
        (DataFrame, "take"),
        (RDD, "collect"),
    ]:
        recording(owner, name)
    try:
        yield returned
    finally:
        for (owner, name), original in originals.items():
            setattr(owner, name, original)


def test_no_driver_call_returns_more_than_a_bounded_number_of_rows(result):
    # 56 days x 12 (rule or valid) counts is the largest legitimate result; the data has 40,000+ rows
    assert result["quality"]["rows_valid"] > 40_000
    assert len(result["returned"]) > 10
    assert max(n for _, n in result["returned"]) <= 56 * 12
    assert not [call for call, _ in result["returned"] if call == "DataFrame.toPandas"]


def test_every_injected_dirty_row_is_counted_under_its_rule(raw, result):
    manifest = json.loads((raw / "_dirty_manifest.json").read_text())
    quality = result["quality"]
    assert manifest["total"] > 0
    for dirty_rule, rules in RULE_MAP.items():
        assert (
            sum(quality["rejected_by_rule"][r] for r in rules) == manifest["counts"][dirty_rule]
        ), dirty_rule
    assert quality["rows_rejected"] == manifest["total"]
    assert quality["rows_read"] == manifest["dataLines"]
    assert (
        quality["rows_valid"]
        == manifest["cleanRows"] - manifest["total"] + manifest["counts"]["duplicate_id"]
    )


def test_bundle_files_match_their_checksums_and_the_model_loads(result):
    version = result["export"]["version"]
    bundle = result["models"] / version
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert sorted(p.name for p in bundle.iterdir()) == sorted(
        [*manifest["files"], "manifest.json", "manifest.sig"]
    )
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == entry["sha256"], name
    assert {"model.onnx", "report.html", "roc.png", "precision-recall.png", "score-histograms.png"} <= set(
        manifest["files"]
    )
    names = manifest["feature_names"]
    assert names == [
        f["name"] for f in json.loads((REPO / "services/contracts/features.json").read_text())["features"]
    ]
    session = ort.InferenceSession(str(bundle / "model.onnx"), providers=["CPUExecutionProvider"])
    outputs = session.run(None, {"features": np.zeros((3, len(names)), dtype=np.float32)})
    assert [o.shape for o in outputs] == [(3,), (3, 2)]
    assert manifest["parity"]["max_abs_diff"] < 1e-5
    assert 0 < manifest["threshold"]["value"] < 1
    assert manifest["metrics"]["test"]["at_threshold"]["legit_decline_share"] <= 0.05


def test_the_psi_reference_is_the_training_window_the_model_was_fitted_on(result):
    manifest = json.loads((result["models"] / result["export"]["version"] / "manifest.json").read_text())
    reference = manifest["feature_distribution"]
    assert reference["source"] == "train"
    assert reference["window"] == manifest["training"]["split"]["train"]
    assert reference["window"] != manifest["training"]["split"]["test"]
    assert reference["rows"] == manifest["training"]["training_rows"]
    assert [f["name"] for f in reference["features"]] == manifest["feature_names"]


def test_the_manifest_is_signed_by_the_pipeline_key_and_only_that_bundle_verifies(result, signing_key):
    bundle = result["models"] / result["export"]["version"]
    manifest_bytes = (bundle / "manifest.json").read_bytes()
    signature = json.loads((bundle / "manifest.sig").read_text())
    assert (signature["format"], signature["algorithm"]) == ("antifraud.manifest-signature", "ed25519")
    raw = base64.b64decode(signature["signature"])
    signing_key.public_key().verify(raw, manifest_bytes)
    with pytest.raises(InvalidSignature):
        signing_key.public_key().verify(raw, manifest_bytes.replace(b'"value"', b'"valuE"'))


def test_export_without_a_signing_key_refuses_before_writing(spark, result, monkeypatch, tmp_path):
    monkeypatch.delenv("MODEL_SIGNING_KEY_FILE")
    with pytest.raises(ValueError, match="no model signing key"):
        export_job.run(spark, str(result["run_dir"]), str(tmp_path), progress=lambda _: None)
    assert list(tmp_path.iterdir()) == []


def test_first_model_becomes_champion_with_that_reason(result):
    champion = json.loads((result["models"] / "champion.json").read_text())
    manifest_bytes = (result["models"] / champion["manifest"]).read_bytes()
    assert champion["version"] == result["export"]["version"]
    assert champion["reason"].startswith("first model")
    assert champion["previous_version"] is None
    assert champion["manifest_sha256"] == hashlib.sha256(manifest_bytes).hexdigest()
    assert not list(result["models"].glob("*.tmp-*"))


def test_terminal_snapshot_is_written_for_the_last_day(result):
    root = result["work"] / "features" / "terminal"
    latest = json.loads((root / "latest.json").read_text())
    document = json.loads(gzip.decompress((root / latest["path"]).read_bytes()))
    assert document["as_of_day"] == "2018-05-26" == latest["as_of_day"]
    assert document["retention_days"] == 37 and document["terminal_count"] > 0


def test_a_retrain_giving_the_same_model_is_compared_and_not_promoted(spark, result, tmp_path):
    rerun = tmp_path / "rerun"
    shutil.copytree(result["run_dir"], rerun)
    training = json.loads((rerun / "training.json").read_text())
    (rerun / "training.json").write_text(json.dumps({**training, "version": training["version"] + "-again"}))
    comparison = compare_job.run(spark, str(result["work"] / "features"), str(rerun), str(result["models"]))
    assert comparison["champion_version"] == result["export"]["version"]
    # the champion is scored through ONNX, the challenger through XGBoost: equal up to the parity bound
    assert abs(comparison["bootstrap"]["difference"]) < 1e-6
    assert comparison["bootstrap"]["resamples"] == 1000
    export = export_job.run(spark, str(rerun), str(result["models"]), progress=lambda _: None)
    assert (export["promoted"], export["version"]) == (False, training["version"] + "-again")
    assert "significantly_better_ap" in export["reason"]
    champion = json.loads((result["models"] / "champion.json").read_text())
    assert champion["version"] == result["export"]["version"]
    with pytest.raises(FileExistsError):
        export_job.run(spark, str(rerun), str(result["models"]), progress=lambda _: None)


def test_summary_table_is_printed(result):
    summary = result["printed"]
    for row in (
        "average precision",
        "card precision@100",
        "precision / recall / F1",
        "legit declined",
        "time total",
    ):
        assert f"\n{row}" in summary, row
    assert "promoted" in summary and "yes: first model" in summary
