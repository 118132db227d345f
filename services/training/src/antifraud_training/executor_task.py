"""Whole-set computations (ranking metrics, threshold choice, bootstrap, single-node XGBoost, report
plots) run in ONE executor task, on a narrow projection of the rows; the driver receives a small JSON
result, never the rows. The functions run there are the pure, tested numpy code of this package.

Memory bound: the projection of one evaluation set (or one single-node training set) must fit in one
Python worker: about 8 bytes per column and row.
"""

import json
from collections.abc import Callable

import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

RESULT_SCHEMA = "result string"


def run_on_one_executor(frame: DataFrame, columns: list[str], task: Callable[[pd.DataFrame], dict]) -> dict:
    """`task(rows)` on all rows of `frame[columns]` in a single executor task; returns its JSON result.
    `task` must be a picklable function of a pandas frame returning a JSON-serializable dict."""

    def apply(rows: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({"result": [json.dumps(task(rows.drop(columns=["_one"])))]})

    results = (
        frame.select(F.lit(0).alias("_one"), *columns)
        .groupBy("_one")
        .applyInPandas(apply, RESULT_SCHEMA)
        .collect()
    )
    if not results:
        return task(pd.DataFrame(columns=columns))
    return json.loads(results[0]["result"])
