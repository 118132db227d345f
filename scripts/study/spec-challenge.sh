#!/usr/bin/env bash
# Feature spec 1.2.0 against 1.1.0 on handbook-size data (5,000 customers, 10,000 terminals, 183 days):
#   1. the four-week study: training 7 days, test weeks starting 2018-08-08, -15, -22 and -29 (the
#      handbook protocol), per week and the means of AUC, AP, CP@100 and F1 at the threshold;
#   2. the retrain the weekly DAG would run: a 1.1.0 champion trained and exported, then a 1.2.0
#      challenger on the same window compared with it (paired bootstrap and guardrails) and exported;
#      prints the decision.
# The feature table is computed once with spec 1.2.0, whose columns include every 1.1.0 column.
#
#   scripts/study/spec-challenge.sh [DIR]   (default .local/study; the dataset, table and study.txt in DIR are reused)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$(realpath -m "${1:-$root/.local/study}")"
python="$root/.venv/bin/python"
old_spec="$root/services/training/studies/features-1.1.0.json"
new_spec="$root/services/contracts/features.json"
export PYSPARK_PYTHON="$python" SPARK_LOCAL_IP=127.0.0.1
started=$(date +%s)
say() { echo "study [$(( $(date +%s) - started )) s]: $*"; }
job() { "$python" -m antifraud_training "$@"; }

mkdir -p "$dir"
if [ ! -f "$dir/raw/2018-09-30.txt" ]; then
  say "simulating the handbook-size dataset into $dir/raw"
  (cd "$root" && npm run -s simulate -- --out "$dir/raw" --quiet)
fi
if [ ! -d "$dir/features/transactions" ]; then
  say "clean"
  job clean --raw "$dir/raw" --out "$dir/clean" > "$dir/clean.json"
  say "features (spec 1.2.0)"
  job features --clean "$dir/clean/transactions" --features-root "$dir/features" > "$dir/features.json"
fi

if [ -f "$dir/study.txt" ]; then
  say "four-week study: reusing $dir/study.txt (delete it to run the study again)"
  cat "$dir/study.txt"
else
  say "four-week study of both specs"
  "$python" -m antifraud_training.study --features-root "$dir/features" --work "$dir/study" \
    --test-starts 2018-08-08 2018-08-15 2018-08-22 2018-08-29 --train-days 7 \
    --specs "$old_spec" "$new_spec" > "$dir/study.txt.partial"
  mv "$dir/study.txt.partial" "$dir/study.txt"
  cat "$dir/study.txt"
fi

# The retrain of the last test week (2018-08-29 .. 2018-09-04): train from 2018-08-15, 7 days, 7-day delay.
models="$dir/models"
rm -rf "$models" "$dir/retrain"
openssl genpkey -algorithm ed25519 -out "$dir/signing-key.pem" 2> /dev/null
export MODEL_SIGNING_KEY_FILE="$dir/signing-key.pem"
retrain() {
  local name="$1" spec="$2" run="$dir/retrain/$1"
  say "retrain: $name (spec $(basename "$spec"))"
  job train --features-root "$dir/features" --run-dir "$run" --spec "$spec" \
    --train-start 2018-08-15 --train-days 7 --delay-days 7 --test-days 7 > /dev/null
  job evaluate --features-root "$dir/features" --run-dir "$run" > /dev/null
  job compare --features-root "$dir/features" --run-dir "$run" --models "$models" > /dev/null
  # The job writes its result to the run folder's export.json (a rerun of the same folder skips).
  job export --run-dir "$run" --models "$models" > /dev/null
  "$python" - "$run/export.json" "$models" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
manifest = json.load(open(f"{sys.argv[2]}/{result['version']}/manifest.json"))
test, comparison = manifest["metrics"]["test"], manifest["comparison"]
bootstrap = comparison.get("bootstrap") or {}
print(
    f"  {result['version']} spec {manifest['feature_spec_version']}: AUC {test['auc_roc']:.4f}, "
    f"AP {test['average_precision']:.4f}, CP@100 {test['card_precision_at_100']:.4f}; "
    f"champion {comparison['champion_version']}; AP difference {bootstrap.get('difference', 'n/a')} "
    f"(95% CI {bootstrap.get('ci_low', 'n/a')} .. {bootstrap.get('ci_high', 'n/a')}); {result['reason']}"
)
EOF
}
retrain champion-1.1.0 "$old_spec"
retrain challenger-1.2.0 "$new_spec"
say "done; champion now $("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$models/champion.json")"
