"""Challenger vs champion: paired bootstrap on the same test transactions, guardrails, promotion."""
