"""PNG plots of the report (matplotlib, no display)."""

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from antifraud_training.evaluate.ranking import precision_recall_steps, roc_points


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def roc_plot(labels, scores, auc: float) -> bytes:
    fpr, tpr = roc_points(labels, scores)
    figure, axes = plt.subplots(figsize=(5, 5))
    axes.plot(fpr, tpr, label=f"model (AUC {auc:.3f})")
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="random")
    axes.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC curve (test set)")
    axes.legend(loc="lower right")
    return _png(figure)


def pr_plot(labels, scores, ap: float, threshold_point: tuple[float, float]) -> bytes:
    precision, recall = precision_recall_steps(labels, scores)
    figure, axes = plt.subplots(figsize=(5, 5))
    axes.step(recall, precision, where="post", label=f"model (AP {ap:.3f})")
    axes.axhline(float(np.mean(labels)), linestyle="--", color="grey", label="random")
    axes.plot(*threshold_point, "o", color="red", label="decision threshold")
    axes.set(xlabel="recall", ylabel="precision", title="Precision-recall curve (test set)", ylim=(0, 1.02))
    axes.legend(loc="upper right")
    return _png(figure)


def histogram_plot(labels, scores, threshold: float) -> bytes:
    labels, scores = np.asarray(labels), np.asarray(scores)
    figure, axes = plt.subplots(figsize=(7, 4))
    bins = np.linspace(0, 1, 51)
    axes.hist(scores[labels == 0], bins=bins, alpha=0.6, label="legitimate", log=True)
    axes.hist(scores[labels == 1], bins=bins, alpha=0.6, label="fraud", log=True)
    axes.axvline(threshold, color="red", linestyle="--", label=f"threshold {threshold:.3f}")
    axes.set(xlabel="fraud probability", ylabel="transactions (log)", title="Scores by class (test set)")
    axes.legend()
    return _png(figure)


def bootstrap_plot(differences: np.ndarray, observed: float, ci: tuple[float, float]) -> bytes:
    figure, axes = plt.subplots(figsize=(7, 4))
    axes.hist(differences, bins=40, color="steelblue", alpha=0.8)
    axes.axvline(0.0, color="black", linewidth=1)
    axes.axvline(observed, color="red", label=f"observed {observed:+.4f}")
    for bound in ci:
        axes.axvline(bound, color="orange", linestyle="--")
    axes.set(
        xlabel="AP(challenger) - AP(champion)",
        ylabel="resamples",
        title=f"Paired bootstrap, {len(differences)} resamples (dashed: CI)",
    )
    axes.legend()
    return _png(figure)
