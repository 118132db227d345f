"""Model scores as new columns of a Spark frame, computed by the executors (the boosters travel to them
once per task as bytes)."""

import pandas as pd
import xgboost as xgb
from pyspark.sql import DataFrame
from pyspark.sql.types import DoubleType, StructField, StructType

from antifraud_training.train.dataset import matrix
from antifraud_training.train.model import from_bytes, predict, to_bytes


def with_scores(
    frame: DataFrame, names: list[str], scorers: dict[str, tuple[xgb.Booster, int | None]]
) -> DataFrame:
    """Adds one double column per entry of `scorers`: column -> (booster, rounds used, None = all)."""
    payload = frame.sparkSession.sparkContext.broadcast(
        {column: (to_bytes(booster), rounds) for column, (booster, rounds) in scorers.items()}
    )
    schema = StructType([*frame.schema.fields, *[StructField(c, DoubleType(), False) for c in scorers]])

    def score(batches):
        boosters = {column: (from_bytes(data), rounds) for column, (data, rounds) in payload.value.items()}
        for batch in batches:
            x = matrix(batch, names)
            scores = {c: predict(b, x, rounds) if len(batch) else [] for c, (b, rounds) in boosters.items()}
            yield pd.concat([batch.reset_index(drop=True), pd.DataFrame(scores)], axis=1)

    return frame.mapInPandas(score, schema)
