"""Feature-set and training-window study on an existing feature table: for every (spec, training days)
pair, the train job's selection and final fit, then the test metrics of the handbook protocol. The test
window (and so the test set) is the same for every row of the table.

    .venv/bin/python -m antifraud_training.study --features-root DIR --test-start 2018-08-08 \
        --specs a.json b.json --train-days 7 28 [--delay-days 7] [--test-days 7] [--folds 4]

The feature table must hold the columns of every spec (run the features job with their union).
"""

import argparse
import time
from datetime import date, timedelta

from antifraud_training.evaluate.summary import summarize
from antifraud_training.evaluate.threshold import select_threshold
from antifraud_training.features.job import transactions_path
from antifraud_training.features.spec import load_spec
from antifraud_training.session import build_session
from antifraud_training.train.dataset import collect_days, matrix, test_rows, training_rows
from antifraud_training.train.model import fit, predict
from antifraud_training.train.prequential import DEFAULT_GRID, select
from antifraud_training.train.protocol import first_day_needed, make_split, prequential_folds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="antifraud_training.study", description=__doc__.splitlines()[0])
    parser.add_argument("--features-root", required=True)
    parser.add_argument("--test-start", type=date.fromisoformat, required=True)
    parser.add_argument("--specs", nargs="+", required=True)
    parser.add_argument("--train-days", type=int, nargs="+", default=[7])
    parser.add_argument("--delay-days", type=int, default=7)
    parser.add_argument("--test-days", type=int, default=7)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--master")
    args = parser.parse_args(argv)
    spark = build_session("antifraud-study", args.master)
    table = spark.read.parquet(transactions_path(args.features_root))
    specs = {path: load_spec(path) for path in args.specs}
    names = sorted({n for spec in specs.values() for n in spec.names})
    splits = {
        days: make_split(args.test_start - timedelta(days=args.delay_days + days), days, args.delay_days,
                         args.test_days)
        for days in args.train_days
    }
    every = [s for split in splits.values() for s in (split, *prequential_folds(split, args.folds))]
    data = collect_days(table, names, first_day_needed(every), max(s.test.last for s in every))
    header = f"{'spec':<28} {'days':>4} {'AUC':>6} {'AP':>6} {'CP@100':>7} {'prec':>6} {'recall':>6} {'F1':>6} " \
             f"{'legit%':>6} {'params':<40} {'secs':>5}"
    print(header, flush=True)
    for path, spec in specs.items():
        for days, split in splits.items():
            started = time.monotonic()
            selection = select(data, prequential_folds(split, args.folds), spec.names, DEFAULT_GRID, args.seed)
            threshold = select_threshold(selection.validation_labels, selection.validation_scores)
            train, test = training_rows(data, split), test_rows(data, split)
            booster = fit(matrix(train, spec.names), train["tx_fraud"].to_numpy(), selection.best, args.seed)
            m = summarize(test, predict(booster, matrix(test, spec.names)), threshold.threshold)
            t = m["at_threshold"]
            h = selection.best
            print(f"{path.split('/')[-1]:<28} {days:>4} {m['auc_roc']:6.3f} {m['average_precision']:6.3f} "
                  f"{m['card_precision_at_100']:7.3f} {t['precision']:6.3f} {t['recall']:6.3f} {t['f1']:6.3f} "
                  f"{100 * t['legit_decline_share']:6.2f} "
                  f"{f'depth={h.max_depth} eta={h.learning_rate} rounds={h.rounds}':<40} "
                  f"{time.monotonic() - started:5.0f}", flush=True)


if __name__ == "__main__":
    main()
