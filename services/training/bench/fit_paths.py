"""Single-node vs distributed XGBoost fit on the same Spark frame, at several sizes: prints the best of
two wall times of each path, run in the order single, distributed, distributed, single so that warm-up
favours neither (figures only; it picks nothing). Rows are synthetic with the spec's number of features.

    .venv/bin/python services/training/bench/fit_paths.py [--rows 67000 670000] [--master local[2]]
        [--workers 2] [--rounds 100] [--depth 6]
"""

import argparse
import os
import time

from pyspark.sql import functions as F

from antifraud_training.features.spec import load_spec
from antifraud_training.session import build_session
from antifraud_training.train.fitting import DISTRIBUTED, SINGLE_NODE, fit_candidates, training_resources
from antifraud_training.train.model import Hyperparameters


def synthetic(spark, rows: int, names: list[str]):
    """Features uniform in [0, 1); label = a noisy threshold on two of them (about 1% positives)."""
    frame = spark.range(rows).withColumnRenamed("id", "transaction_id")
    for i, name in enumerate(names):
        frame = frame.withColumn(name, F.rand(seed=i))
    score = F.col(names[0]) + 0.5 * F.col(names[1]) + 0.2 * F.rand(seed=99)
    return frame.withColumn("tx_fraud", (score > 1.42).cast("int"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[67_000, 670_000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--depth", type=int, default=6)
    args = parser.parse_args()
    spark = build_session("antifraud-fit-paths", args.master, ui=False)
    names = load_spec().names
    resources = training_resources(spark, workers=args.workers)
    h = Hyperparameters(args.depth, 0.3, args.rounds)
    print(f"load {os.getloadavg()[0]:.1f}; {len(names)} features, depth {args.depth}, {args.rounds} rounds")
    print(f"{'rows':>10} {'single-node s':>14} {'distributed s':>14}")
    for rows in args.rows:
        path = f"/tmp/antifraud-fit-paths-{rows}"
        synthetic(spark, rows, names).write.mode("overwrite").parquet(path)
        frame = spark.read.parquet(path)
        seconds: dict[str, float] = {}
        for kind in (SINGLE_NODE, DISTRIBUTED, DISTRIBUTED, SINGLE_NODE):
            started = time.monotonic()
            fit_candidates(frame, names, [h], 0, resources, kind)
            seconds[kind] = min(seconds.get(kind, float("inf")), time.monotonic() - started)
        print(f"{rows:>10,} {seconds[SINGLE_NODE]:>14.1f} {seconds[DISTRIBUTED]:>14.1f}", flush=True)
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
