"""Training side of the scoring parity test (run with the repo's .venv python).

    training_side.py RAW_DIR WORK_DIR AS_OF_DAY

Runs services/training's clean and features jobs (the real Spark code), then trains a small XGBoost
with the training package's fit() and exports it with its to_onnx(); writes to WORK_DIR:
  transactions.jsonl  clean transactions in (time, id) order, as the online side replays them
  features.jsonl      {transaction_id, features: [...]} in spec order, from the Spark feature table
  model.onnx          the exported model
  scores.jsonl        {transaction_id, score}: python onnxruntime scores of the float32 feature rows
"""

import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow.dataset as ds

from antifraud_training.clean import job as clean_job
from antifraud_training.export.onnx_model import onnx_scores, to_onnx
from antifraud_training.features import job as features_job
from antifraud_training.features.spec import load_spec
from antifraud_training.session import build_session
from antifraud_training.train.model import Hyperparameters, fit


def main() -> None:
    raw, work, as_of = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    # No Spark UI: test processes listen on nothing they do not need.
    spark = build_session("scoring-parity", "local[2]", ui=False)
    clean_job.run(spark, str(raw), str(work / "clean"))
    spec = load_spec(None)
    features_job.run(spark, str(work / "clean" / "transactions"), str(work / "features"), spec, date.fromisoformat(as_of))
    spark.stop()
    names = [f.name for f in spec.features]

    clean = ds.dataset(work / "clean" / "transactions", format="parquet", partitioning="hive").to_table().to_pylist()
    clean.sort(key=lambda r: (r["tx_time_seconds"], r["transaction_id"]))
    with open(work / "transactions.jsonl", "w") as out:
        for r in clean:
            tx = {k: r[k] for k in ("transaction_id", "customer_id", "terminal_id", "tx_amount")}
            tx["tx_datetime"] = r["tx_datetime"].strftime("%Y-%m-%d %H:%M:%S")
            out.write(json.dumps(tx) + "\n")

    table = ds.dataset(work / "features" / "transactions", format="parquet", partitioning="hive").to_table()
    rows = table.to_pylist()
    rows.sort(key=lambda r: r["transaction_id"])
    matrix = np.array([[r[n] for n in names] for r in rows], dtype=np.float64)
    labels = np.array([r["tx_fraud"] for r in rows], dtype=np.float64)
    with open(work / "features.jsonl", "w") as out:
        for r, values in zip(rows, matrix.tolist(), strict=True):
            out.write(json.dumps({"transaction_id": r["transaction_id"], "features": values}) + "\n")

    booster = fit(matrix, labels, Hyperparameters(max_depth=3, learning_rate=0.3, rounds=20), seed=0)
    model = to_onnx(booster, len(names), doc="scoring parity test")
    (work / "model.onnx").write_bytes(model)
    scores = onnx_scores(model, matrix.astype(np.float32))
    with open(work / "scores.jsonl", "w") as out:
        for r, s in zip(rows, scores.tolist(), strict=True):
            out.write(json.dumps({"transaction_id": r["transaction_id"], "score": s}) + "\n")


if __name__ == "__main__":
    main()
