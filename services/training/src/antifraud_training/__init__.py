"""PySpark jobs of the antifraud platform: clean, features, train, evaluate, compare, export."""

import os

# XGBoost's OpenMP threads spin while waiting by default; on a shared 2-core machine that makes a
# 2-thread fit 50x slower than a 1-thread one. Must be set before the OpenMP runtime loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
