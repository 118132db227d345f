"""Card precision top-k (the handbook's CP@k): per day, cards ranked by their highest score, share of
compromised cards among the top k, cards caught on an earlier day removed; mean over the days."""

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class CardPrecision:
    mean: float
    per_day: list[float]


def card_precision_at_k(days, customers, labels, scores, k: int = 100) -> CardPrecision:
    frame = pd.DataFrame(
        {
            "day": np.asarray(days),
            "customer": np.asarray(customers),
            "label": np.asarray(labels),
            "score": np.asarray(scores, dtype=np.float64),
        }
    )
    caught: set = set()
    per_day = []
    for _, day_frame in frame.groupby("day", sort=True):
        cards = (
            day_frame[~day_frame["customer"].isin(caught)]
            .groupby("customer", sort=True)
            .agg(score=("score", "max"), label=("label", "max"))
            .reset_index()
            .sort_values(["score", "customer"], ascending=[False, True], kind="mergesort")
        )
        top = cards.head(k)
        per_day.append(float(top["label"].sum()) / k)
        caught.update(top.loc[top["label"] == 1, "customer"].tolist())
    return CardPrecision(mean=float(np.mean(per_day)) if per_day else float("nan"), per_day=per_day)
