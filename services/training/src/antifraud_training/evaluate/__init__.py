"""Evaluation metrics (pure numpy): AUC ROC, average precision, card precision@k, threshold choice."""
