"""python -m antifraud_training <job> [args]

job: clean | features | train | evaluate | compare | export | pipeline.
"""

import importlib
import sys

JOBS = {
    "clean": "antifraud_training.clean.job",
    "features": "antifraud_training.features.job",
    "train": "antifraud_training.train.job",
    "evaluate": "antifraud_training.evaluate.job",
    "compare": "antifraud_training.compare.job",
    "export": "antifraud_training.export.job",
    "pipeline": "antifraud_training.pipeline",
}


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in JOBS:
        sys.exit(f"usage: python -m antifraud_training {{{'|'.join(JOBS)}}} [args] (--help for each)")
    importlib.import_module(JOBS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
