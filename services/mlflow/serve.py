"""The image's entrypoint under `tini -g`: the mlflow CLI with SIGTERM ignored in the CLI process only.

`mlflow server` runs gunicorn as a child process and waits for it. tini passes the pod's SIGTERM to the
whole process group: gunicorn (which installs its own handler) drains its workers and exits, then the CLI
returns its exit code. Without this the CLI would die at once and the container would end with gunicorn
killed mid-request; as PID 1 without tini, the CLI would ignore SIGTERM and wait out the grace period.
No option of mlflow's or gunicorn's does this, hence the few lines here.
"""

import signal
import sys

signal.signal(signal.SIGTERM, signal.SIG_IGN)

from mlflow.cli import cli  # noqa: E402  (imported after the signal setup on purpose)

sys.exit(cli())
