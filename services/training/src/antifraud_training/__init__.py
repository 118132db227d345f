"""PySpark jobs of the antifraud platform: clean, features, train, evaluate, compare, export."""
