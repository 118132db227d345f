"""Reference distribution of every model input, for the online population stability index (PSI).

Taken from the training rows the final model was fitted on (the train job records it, the export
copies it into the bundle's manifest): drift is measured against what the model learnt from. The
scorer bins the feature rows it serves with these same cut points and compares the proportions
per bin with the ones here (services/scoring README, "Feature drift"). Bins follow numpy's
searchsorted(edges, x, side="right"): bin 0 holds x < edges[0], bin i holds edges[i-1] <= x < edges[i],
the last bin x >= edges[-1].
"""

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

DECILES = [i / 10 for i in range(1, 10)]
RELATIVE_ERROR = 1e-3


def decile_edges(
    frame: DataFrame, names: list[str], relative_error: float = RELATIVE_ERROR
) -> list[list[float]]:
    """Deciles of each column (one pass for all of them), deduplicated: a column with few distinct
    values (flags, small counts) gets fewer, wider bins instead of empty ones."""
    quantiles = frame.approxQuantile(names, DECILES, relative_error)
    return [sorted({float(q) for q in column}) for column in quantiles]


def bin_proportions(
    frame: DataFrame, names: list[str], edges: list[list[float]]
) -> tuple[int, list[list[float]]]:
    """Rows of the frame and the share of each column's values per bin, from one aggregation: the
    count at or above each edge, differenced."""
    aggregates = [F.count(F.lit(1)).alias("rows")]
    for i, (name, cuts) in enumerate(zip(names, edges, strict=True)):
        aggregates.append(F.count(F.col(name)).alias(f"n{i}"))
        aggregates += [
            F.sum(F.when(F.col(name) >= cut, 1).otherwise(0)).alias(f"c{i}_{j}") for j, cut in enumerate(cuts)
        ]
    row = frame.agg(*aggregates).first()
    proportions = []
    for i, (name, cuts) in enumerate(zip(names, edges, strict=True)):
        n = int(row[f"n{i}"])
        if n == 0:
            raise ValueError(f"feature {name} has no values in the reference frame")
        at_or_above = [n] + [int(row[f"c{i}_{j}"] or 0) for j in range(len(cuts))] + [0]
        proportions.append([(at_or_above[k] - at_or_above[k + 1]) / n for k in range(len(cuts) + 1)])
    return int(row["rows"]), proportions


def feature_distribution(frame: DataFrame, names: list[str], source: str, window: dict) -> dict:
    """The manifest's `feature_distribution`: `names` in model input order, each with its cut points
    and the proportion of the frame's values per bin."""
    edges = decile_edges(frame, names)
    rows, proportions = bin_proportions(frame, names, edges)
    return {
        "source": source,
        "window": window,
        "rows": rows,
        "binning": (
            f"deciles (approxQuantile, relative error {RELATIVE_ERROR:g}), deduplicated; "
            "bin i holds edges[i-1] <= x < edges[i]"
        ),
        "features": [
            {"name": name, "edges": cuts, "proportions": shares}
            for name, cuts, shares in zip(names, edges, proportions, strict=True)
        ],
    }
