"""All test metrics of one model on one test set, in the shape stored in manifests and reports."""

import numpy as np
import pandas as pd

from antifraud_training.evaluate.card_precision import card_precision_at_k
from antifraud_training.evaluate.ranking import average_precision, roc_auc
from antifraud_training.evaluate.threshold import metrics_at

TOP_K = 100


def ranking_metrics(rows: pd.DataFrame, scores: np.ndarray) -> dict:
    """rows: day, customer_id, tx_fraud of the test transactions, aligned with `scores`."""
    labels = rows["tx_fraud"].to_numpy()
    cards = card_precision_at_k(rows["day"].to_numpy(), rows["customer_id"].to_numpy(), labels, scores, TOP_K)
    return {
        "auc_roc": roc_auc(labels, scores),
        "average_precision": average_precision(labels, scores),
        "card_precision_at_100": cards.mean,
        "card_precision_at_100_per_day": cards.per_day,
    }


def summarize(rows: pd.DataFrame, scores: np.ndarray, threshold: float) -> dict:
    labels = rows["tx_fraud"].to_numpy()
    return {
        **ranking_metrics(rows, scores),
        "at_threshold": metrics_at(labels, scores, threshold).as_dict(),
        "transactions": len(rows),
        "frauds": int(labels.sum()),
        "cards": int(rows["customer_id"].nunique()),
    }
