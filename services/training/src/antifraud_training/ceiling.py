"""How far card precision@100 can go with features that need no fresh labels. Per test week: the
handbook-protocol model of a spec (as in antifraud_training.study), then CP@100 of three rankings of the
same test transactions:

- model: the model's scores;
- visible-oracle: frauds a label-free feature could reveal moved to the top, every other transaction
  keeping its model score. Revealable are amount anomalies (scenarios 1 and 3) and scenario-2 frauds at
  a terminal with a fraud on a day the terminal features can see ([D - delay - window, D - delay - 1]);
  a fresh compromise of a terminal shows nothing until its first fraud label arrives;
- oracle: every fraud at the top (a perfect ranker).

    .venv/bin/python -m antifraud_training.ceiling --features-root DIR --test-starts 2018-08-08 ... \
        --work DIR [--spec services/contracts/features.json] [--train-days 28] [--delay-days 7]

The feature table must hold tx_fraud_scenario (the simulator's ground truth; the features job keeps it).
"""

import argparse
from datetime import date, timedelta

import numpy as np
import pandas as pd
from pyspark.sql import functions as F

from antifraud_training.evaluate.summary import ranking_metrics
from antifraud_training.features.job import transactions_path
from antifraud_training.features.spec import load_spec
from antifraud_training.session import session_from_args
from antifraud_training.study import add_protocol_arguments, fit_and_score, split_for
from antifraud_training.train.dataset import days_between

SCENARIO_TERMINAL = 2


def revealable_frauds(test: pd.DataFrame, history: pd.DataFrame, first_lag: int, last_lag: int) -> np.ndarray:
    """Per test row: a fraud a label-free feature could reveal. `history` holds the frauds known to the
    terminal features (day, terminal_id, tx_fraud_scenario); a terminal's fraud counts when its day is in
    [D - last_lag, D - first_lag] for the test row's day D."""
    is_fraud = test["tx_fraud"].to_numpy() == 1
    scenario = test["tx_fraud_scenario"].to_numpy()
    days = history[history["tx_fraud_scenario"] == SCENARIO_TERMINAL][
        ["terminal_id", "day"]
    ].drop_duplicates()
    fraud_days = days.groupby("terminal_id")["day"].apply(lambda d: np.sort(d.map(date.toordinal).to_numpy()))
    known = np.zeros(len(test), dtype=bool)
    for i, (terminal, day, fraud, kind) in enumerate(
        zip(test["terminal_id"], test["day"], is_fraud, scenario, strict=True)
    ):
        if fraud and kind == SCENARIO_TERMINAL and terminal in fraud_days.index:
            seen = fraud_days[terminal]
            d = day.toordinal()
            lo, hi = np.searchsorted(seen, [d - last_lag, d - first_lag + 1])
            known[i] = hi > lo
    return is_fraud & ((scenario != SCENARIO_TERMINAL) | known)


def ceiling_rankings(test: pd.DataFrame, scores: np.ndarray, revealable: np.ndarray) -> dict[str, float]:
    """CP@100 of the model, the visible-oracle and the oracle ranking (scores are probabilities in [0, 1])."""
    labels = test["tx_fraud"].to_numpy()
    rankings = {
        "model": scores,
        "visible_oracle": np.where(revealable, 1.0 + scores, scores),
        "oracle": labels + scores,
    }
    return {name: ranking_metrics(test, ranked)["card_precision_at_100"] for name, ranked in rankings.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training.ceiling", description=__doc__.splitlines()[0])
    add_protocol_arguments(parser)
    parser.add_argument("--spec")
    parser.add_argument("--train-days", type=int, default=28)
    args = parser.parse_args(argv)
    spec = load_spec(args.spec)
    spark = session_from_args("antifraud-ceiling", args)
    table = spark.read.parquet(transactions_path(args.features_root))
    history_days = spec.history_days()
    print(f"{'test week':<10} {'model':>7} {'visible':>7} {'oracle':>7}", flush=True)
    rows = []
    for start in args.test_starts:
        split = split_for(start, args.train_days, args)
        work = f"{args.work.rstrip('/')}/ceiling-{start.isoformat()}"
        scored = fit_and_score(table, split, spec.names, args.folds, args.seed, work)
        # An offline study, not a job: it brings one test week and the frauds before it to the driver.
        test = scored.test.toPandas()
        known = (
            days_between(table, start - timedelta(days=history_days), start - timedelta(days=1))
            .where(F.col("tx_fraud") == 1)
            .select("day", "terminal_id", "tx_fraud_scenario")
            .toPandas()
        )
        revealable = revealable_frauds(test, known, args.delay_days + 1, history_days)
        cp = ceiling_rankings(test, test["score"].to_numpy(), revealable)
        rows.append(cp)
        print(
            f"{start.isoformat():<10} {cp['model']:7.4f} {cp['visible_oracle']:7.4f} {cp['oracle']:7.4f}",
            flush=True,
        )
    mean = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    print(
        f"{'mean':<10} {mean['model']:7.4f} {mean['visible_oracle']:7.4f} {mean['oracle']:7.4f}", flush=True
    )


if __name__ == "__main__":
    main()
