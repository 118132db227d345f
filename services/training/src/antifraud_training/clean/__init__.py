"""Cleaning of the raw daily files: explicit rules, each counted, nothing dropped silently."""
