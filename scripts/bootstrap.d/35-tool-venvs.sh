#!/usr/bin/env bash
# Virtualenvs of the Python tools that must not share the training one: Airflow (.venv-airflow, its
# own pins of Flask and SQLAlchemy) and the MLflow server (.venv-mlflow). Each installs its committed
# lock with --no-deps, so what runs here is exactly the resolved set in the repo; `pip check` proves
# the set is complete.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "${ANTIFRAUD_ROOT:?}"
install_lock() {
  local name=$1 venv=$2 lock=$3
  local key
  key=$(hash_of "$lock")
  if is_current "$name" "$key" && [ -x "$venv/bin/python" ]; then log "$venv current"; return; fi
  rm -rf "$venv" && python3 -m venv "$venv"
  log "pip install --no-deps -r $lock ($(grep -vc '^#' "$lock") packages)"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$lock"
  "$venv/bin/pip" check
  mark_current "$name" "$key"
}
install_lock airflow .venv-airflow services/pipelines/requirements.lock
install_lock mlflow .venv-mlflow services/mlflow/requirements.lock
