#!/usr/bin/env bash
# Project virtualenv (.venv) with the pinned training dependencies.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "${ANTIFRAUD_ROOT:?}"
req=services/training/requirements.txt
key=$(hash_of "$req" services/training/pyproject.toml)
if is_current python "$key" && [ -x .venv/bin/python ]; then log ".venv current"; exit 0; fi
[ -x .venv/bin/python ] || python3 -m venv .venv
log "pip install -r $req"
.venv/bin/pip install -q --disable-pip-version-check -r "$req"
.venv/bin/pip install -q --disable-pip-version-check --no-deps -e services/training
mark_current python "$key"
