"""spark-submit entry point: spark-submit [--py-files antifraud_training.zip] spark_entry.py <job> [args]."""

import sys

from antifraud_training.__main__ import main

if __name__ == "__main__":
    main(sys.argv[1:])
