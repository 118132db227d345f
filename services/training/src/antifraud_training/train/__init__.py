"""Training under the handbook's protocol: training window, label delay, test window, prequential folds."""
