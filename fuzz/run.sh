#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time: fuzz/run.sh BUILD_DIR [SECONDS]
# Seeds: testdata/*/input.yaml (function), the VolSync objects of testdata/*/expected.yaml and
# examples/ (schema), a list of cron expressions (cron), golden inputs, outputs and templates (doc).
# The growing corpus lives in BUILD_DIR/corpus/<target>; crashes go to BUILD_DIR/artifacts/ and make the run fail.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${2:-${FUZZ_SECONDS:-60}}
seeds=$build/seeds
mkdir -p "$seeds"/{function,schema,cron,doc} "$build"/corpus/{function,schema,cron,doc} "$build/artifacts"

# function: the first byte picks the mode (even: ResourceList, odd: legacy plugin stream).
for f in testdata/*/input.yaml examples/*/input.yaml; do
  [ -f "$f" ] || continue
  n=$(basename "$(dirname "$f")")
  { printf ' '; cat "$f"; } > "$seeds/function/krm-$n"
  { printf '!'; cat "$f"; } > "$seeds/function/plugin-$n"
done

# schema: every ReplicationSource/ReplicationDestination the goldens expect, one file each.
python3 - "$seeds/schema" testdata/*/expected.yaml <<'PY'
import sys, yaml
out, files = sys.argv[1], sys.argv[2:]
n = 0
for path in files:
    try:
        docs = list(yaml.safe_load_all(open(path)))
    except Exception:
        continue
    for d in docs:
        for it in (d or {}).get("items", []) if isinstance(d, dict) else []:
            if isinstance(it, dict) and it.get("kind") in ("ReplicationSource", "ReplicationDestination"):
                with open("%s/obj-%04d.yaml" % (out, n), "w") as f:
                    yaml.safe_dump(it, f, sort_keys=False)
                n += 1
PY

# doc: any YAML we read or write (inputs, expected outputs, templates).
for f in testdata/*/input.yaml testdata/*/expected.yaml templates/*.yaml; do
  [ -f "$f" ] || continue
  cp "$f" "$seeds/doc/$(echo "$f" | tr '/' '_')"
done

# cron: what users write, and what VolSync refuses.
i=0
while IFS= read -r line; do
  printf '%s' "$line" > "$seeds/cron/c$i"; i=$((i + 1))
done <<'CRON'
0 2 * * *
*/15 * * * *
30 2 * * 1-5
0 0 1,15 * *
0 3 * * 0
@daily
@hourly
@every 1h
CRON_TZ=Europe/Berlin 0 2 * * *
TZ=UTC 5 4 * * sun
0 0 29 2 *
0 0 31 4 *
60 24 32 13 7
5/10 1-3/2 * * *
hourly
daily
every-6h
CRON

status=0
for t in function schema cron doc; do
  echo "== fuzz_$t for ${seconds}s"
  if ! "$build/fuzz_$t" "$build/corpus/$t" "$seeds/$t" -dict=fuzz/yaml.dict \
       -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
       -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
       > "$build/fuzz_$t.log" 2>&1; then
    status=1
    echo "fuzz_$t FAILED: see $build/fuzz_$t.log and $build/artifacts/"
  fi
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|Done )' "$build/fuzz_$t.log" || true
  grep -E 'ERROR: |SUMMARY: ' "$build/fuzz_$t.log" | head -5 || true
done
exit $status
