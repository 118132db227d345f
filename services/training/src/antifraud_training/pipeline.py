"""The whole pipeline on a folder of raw daily files, with progress per stage and a summary table.

.venv/bin/python -m antifraud_training.pipeline --raw DIR --work DIR --models DIR
    [--features-root DIR] [--train-start YYYY-MM-DD] [--train-days 7] [--delay-days 7] [--test-days 7]
    [--folds 4] [--resamples 1000] [--seed 0] [--spec FILE] [--master local[2]]
"""

import argparse
import sys
import time

from antifraud_training.clean import job as clean_job
from antifraud_training.compare import job as compare_job
from antifraud_training.evaluate import job as evaluate_job
from antifraud_training.export import job as export_job
from antifraud_training.export.signing import load_signing_key
from antifraud_training.failures import stage_failures
from antifraud_training.features import job as features_job
from antifraud_training.features.spec import load_spec
from antifraud_training.session import add_spark_arguments, describe, session_from_args
from antifraud_training.train import job as train_job
from antifraud_training.train.prequential import DEFAULT_GRID, Grid

STAGES = 6


class Progress:
    def __init__(self, out=sys.stdout, settings=lambda: "") -> None:
        self.out, self.started, self.timings, self.settings = out, time.monotonic(), {}, settings

    def say(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f} s] {message}", file=self.out, flush=True)

    def stage(self, number: int, name: str, action):
        self.say(f"stage {number}/{STAGES} {name} ...")
        start = time.monotonic()
        with stage_failures(name, self.settings):
            result = action()
        self.timings[name] = time.monotonic() - start
        self.say(f"stage {number}/{STAGES} {name} done in {self.timings[name]:.1f} s")
        return result


def summary_table(
    quality: dict,
    training: dict,
    evaluation: dict,
    comparison: dict,
    export: dict,
    timings: dict,
    total: float,
) -> str:
    test, at = evaluation["test"], evaluation["test"]["at_threshold"]
    split = training["split"]
    bootstrap = comparison.get("bootstrap")
    rows = [
        (
            "raw rows read / valid / rejected",
            f"{quality['rows_read']:,} / {quality['rows_valid']:,} / {quality['rows_rejected']:,}",
        ),
        (
            "rejected by rule",
            ", ".join(f"{k} {v}" for k, v in quality["rejected_by_rule"].items() if v) or "none",
        ),
        (
            "training window",
            f"{split['train']['first']} .. {split['train']['last']} ({training['training_rows']:,} tx, "
            f"{training['training_frauds']:,} frauds)",
        ),
        (
            "delay / test window",
            f"{split['delay_days']} days / {split['test']['first']} .. {split['test']['last']}",
        ),
        ("test tx / frauds / cards", f"{test['transactions']:,} / {test['frauds']:,} / {test['cards']:,}"),
        ("hyperparameters", ", ".join(f"{k}={v}" for k, v in training["hyperparameters"].items())),
        ("AUC ROC", f"{test['auc_roc']:.3f}"),
        ("average precision", f"{test['average_precision']:.3f}"),
        ("card precision@100", f"{test['card_precision_at_100']:.3f}"),
        ("threshold", f"{at['threshold']:.4f}"),
        ("precision / recall / F1", f"{at['precision']:.3f} / {at['recall']:.3f} / {at['f1']:.3f}"),
        ("legit declined", f"{at['legit_decline_share']:.4f}"),
        ("ONNX parity max abs diff", f"{export['parity_max_abs_diff']:.2e}"),
        ("champion compared", comparison.get("champion_version") or "none"),
        (
            "AP diff [95% CI], p",
            f"{bootstrap['difference']:+.4f} [{bootstrap['ci_low']:+.4f}, {bootstrap['ci_high']:+.4f}], "
            f"p={bootstrap['p_value_one_sided']:.4f}"
            if bootstrap
            else "-",
        ),
        ("version", export["version"]),
        ("promoted", f"{'yes' if export['promoted'] else 'no'}: {export['reason']}"),
        ("bundle", export["bundle"]),
        *[(f"time {name}", f"{seconds:.1f} s") for name, seconds in timings.items()],
        ("time total", f"{total:.1f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    line = "-" * min(width + 3 + max(len(str(value)) for _, value in rows), 110)
    return "\n".join([line, *[f"{name.ljust(width)} | {value}" for name, value in rows], line])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antifraud_training.pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", required=True, help="folder (or s3a:// URI) of YYYY-MM-DD.txt files")
    parser.add_argument(
        "--work", required=True, help="folder (or s3a:// URI) for clean data, features and runs"
    )
    parser.add_argument("--models", required=True, help="models root (folder or s3a:// URI)")
    parser.add_argument("--features-root", help="default: <work>/features")
    parser.add_argument("--spec", help="feature spec (default: services/contracts/features.json)")
    train_job.add_protocol_arguments(parser)
    parser.add_argument("--folds", type=int, default=4, help="prequential validation folds")
    parser.add_argument("--resamples", type=int, default=1000, help="paired bootstrap resamples (>= 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--signing-key",
        help="PEM Ed25519 private key that signs the manifest (default $MODEL_SIGNING_KEY_FILE)",
    )
    train_job.add_training_arguments(parser)
    add_spark_arguments(parser)
    return parser.parse_args(argv)


def run(args: argparse.Namespace, grid: Grid = DEFAULT_GRID, out=sys.stdout) -> dict:
    with stage_failures("start"):
        # Before hours of Spark: a pipeline that could not sign its bundle fails now.
        load_signing_key(args.signing_key)
        spark = session_from_args("antifraud-pipeline", args)
    progress = Progress(out, lambda: describe(spark))
    progress.say(describe(spark))
    work = args.work.rstrip("/")
    features_root = args.features_root or f"{work}/features"
    spec = load_spec(args.spec)
    clean_out = clean_job.outputs_under(f"{work}/clean")
    quality = progress.stage(1, "clean", lambda: clean_job.run(spark, args.raw, f"{work}/clean"))
    progress.say(f"clean: {quality['rows_valid']:,} valid rows, {quality['rows_rejected']:,} rejected")
    snapshot = progress.stage(
        2, "features", lambda: features_job.run(spark, clean_out.transactions, features_root, spec)
    )
    progress.say(
        f"features: terminal snapshot {snapshot['path']} ({snapshot['snapshot_terminals']} terminals)"
    )
    features = spark.read.parquet(features_job.transactions_path(features_root))
    split = train_job.split_from(args, features)
    run_dir = f"{work}/runs/{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}"
    training = progress.stage(
        3,
        "train",
        lambda: train_job.run(
            spark,
            features_root,
            run_dir,
            spec,
            split,
            args.folds,
            args.seed,
            grid,
            progress.say,
            train_job.training_options(args),
        ),
    )
    evaluation = progress.stage(4, "evaluate", lambda: evaluate_job.run(spark, features_root, run_dir))
    comparison = progress.stage(
        5,
        "compare",
        lambda: compare_job.run(spark, features_root, run_dir, args.models, args.resamples, args.seed),
    )
    export = progress.stage(
        6,
        "export",
        lambda: export_job.run(spark, run_dir, args.models, progress.say, args.signing_key),
    )
    total = time.monotonic() - progress.started
    print(
        summary_table(quality, training, evaluation, comparison, export, progress.timings, total),
        file=out,
        flush=True,
    )
    return {
        "quality": quality,
        "snapshot": snapshot,
        "training": training,
        "evaluation": evaluation,
        "comparison": comparison,
        "export": export,
        "run_dir": run_dir,
        "seconds": total,
    }


def main(argv: list[str] | None = None) -> None:
    run(parse_args(argv))


if __name__ == "__main__":
    main()
