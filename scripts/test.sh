#!/usr/bin/env bash
# The README's test command: installs what is missing, then lint, type checks and every test suite
# (jest: unit, mock-engine and integration tests against real local Kafka/Redis/Prometheus, and the
# DAGs run by Airflow; pytest: the PySpark jobs, and the DAG code in the Airflow virtualenv). Prints one
# closing line "tests: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh || { echo "bootstrap failed"; exit 1; }
export PATH="$root/.cache/bin:$root/node_modules/.bin:$PATH"
# Local Spark binds its driver to loopback only: no traffic to any other address.
export SPARK_LOCAL_IP=127.0.0.1
report="$root/.cache/test-report"
rm -rf "$report" && mkdir -p "$report"

failed_steps=()
step() {
  local name=$1; shift
  local start=$(date +%s)
  echo "==> $name"
  if "$@"; then echo "<== $name ok ($(( $(date +%s) - start )) s)"
  else echo "<== $name FAILED ($(( $(date +%s) - start )) s)"; failed_steps+=("$name"); fi
}

step "eslint" npx eslint --max-warnings 0 .
step "prettier" npx prettier --check --log-level warn .
step "tsc" npx tsc -p tsconfig.json --noEmit
step "ruff" .venv/bin/ruff check services/training services/pipelines scripts/demo/charts services/mlflow
step "jest" npx jest --ci --json --outputFile="$report/jest.json"
step "pytest" .venv/bin/python -m pytest services/training -q -p no:cacheprovider --junitxml="$report/pytest.xml"
step "pytest dags" .venv-airflow/bin/python -m pytest services/pipelines -q -p no:cacheprovider \
  --junitxml="$report/pytest-dags.xml"

passed=0; failed=0
if [ -f "$report/jest.json" ]; then
  read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$report/jest.json")
  passed=$((passed + p)); failed=$((failed + f))
fi
for xml in "$report"/pytest*.xml; do
  [ -f "$xml" ] || continue
  read -r p f < <(.venv/bin/python - "$xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - bad - skipped, bad)
PY
)
  passed=$((passed + p)); failed=$((failed + f))
done
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  failed=$((failed > 0 ? failed : 1))
fi
echo "tests: $passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ] && [ "$passed" -gt 0 ]
