#!/usr/bin/env bash
# e2e: error handling of the binary itself (no client needed, never skipped).
#   - the bundled example (examples/resourcelist/input.yaml) succeeds (baseline for the cases);
#   - empty / whitespace-only stdin, a non-ResourceList object, a multi-document stream,
#     malformed YAML (message with the line number), a missing source Secret, no functionConfig,
#     and the legacy plugin mode with a broken / missing config file:
#     each exits non-zero with a message on stderr; in KRM mode stdout is still a ResourceList
#     carrying the input items and an error result. Never exit 0 with empty stdout.
# Usage: bash tests/e2e/errors.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail)
set -euo pipefail

BIN=${1:?usage: errors.sh /abs/path/to/volsync-gen}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -x $BIN ]] || fail "binary $BIN is not executable"
python3 -c 'import yaml' 2>/dev/null || fail "python3 with PyYAML is required (Debian: python3-yaml)"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
EXAMPLE=$ROOT/examples/resourcelist/input.yaml

# run NAME INPUT [ARGS...]: runs the binary, sets RC, OUT (file), ERR (text)
run() {
  local name=$1 input=$2; shift 2
  OUT=$T/$name.out
  RC=0
  "$BIN" "$@" <"$input" >"$OUT" 2>"$T/$name.err" || RC=$?
  ERR=$(cat "$T/$name.err")
  if [[ $RC -eq 0 && ! -s $OUT ]]; then fail "$name: exit 0 with empty stdout"; fi
}
expect_error() {  # expect_error NAME WANT_STDERR_SUBSTRING...
  local name=$1; shift
  [[ $RC -ne 0 ]] || fail "$name: exit 0, expected an error. stdout:
$(cat "$OUT")"
  [[ -n $ERR ]] || fail "$name: exit $RC but nothing on stderr"
  local w
  for w in "$@"; do
    [[ $ERR == *"$w"* ]] || fail "$name: stderr lacks \"$w\":
$ERR"
  done
}
# check_rl NAME INPUT RESULT_SUBSTRING [LINE]: stdout is a ResourceList with the input's items
# untouched and an error result (with tags.line when LINE is given)
check_rl() {
  python3 - "$@" "$OUT" <<'PY' || fail "$1: stdout is not the expected error ResourceList: $(cat "$OUT")"
import sys, yaml
name, inp, want, line, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
rl = yaml.safe_load(open(out))
assert rl["kind"] == "ResourceList" and rl["apiVersion"] == "config.kubernetes.io/v1", rl
errs = [r for r in rl.get("results") or [] if r.get("severity", "error") == "error"]
assert any(want in r["message"] for r in errs), f"no error result containing {want!r}: {rl.get('results')}"
if line != "-":
    assert any(r.get("tags", {}).get("line") == line for r in errs), f"no error result with tags.line {line}: {errs}"
try:
    src = yaml.safe_load(open(inp))
except yaml.YAMLError:
    src = None
if isinstance(src, dict) and src.get("kind") == "ResourceList":
    assert rl["items"] == src["items"], "input items were not passed through untouched"
PY
}

# --- baseline: the bundled example works --------------------------------------------------------
run example "$EXAMPLE"
[[ $RC -eq 0 ]] || fail "examples/resourcelist/input.yaml: exit $RC: $ERR"
python3 - "$OUT" <<'PY' || fail "examples/resourcelist/input.yaml: unexpected output"
import sys, yaml
rl = yaml.safe_load(open(sys.argv[1]))
items = rl["items"]
gen = sorted((i["kind"], i["metadata"]["namespace"], i["metadata"]["name"]) for i in items
             if (i["metadata"].get("annotations") or {}).get("volsync-gen.io/source-pvc"))
want = sorted((k, ns, f"{pvc}{suffix}") for ns, pvc in (("nextcloud", "nextcloud-data"), ("database", "postgres-data"), ("gitea", "gitea-data"))
              for k, suffix in (("Secret", "-volsync-secret"), ("ReplicationSource", "-backup"), ("ReplicationDestination", "-restore")))
assert gen == want, gen
assert not [r for r in rl.get("results") or [] if r.get("severity", "error") == "error"], rl.get("results")
PY

# --- empty and whitespace-only stdin --------------------------------------------------------------
: >"$T/empty.yaml"
run empty "$T/empty.yaml"
expect_error empty "expected a KRM ResourceList"
check_rl empty "$T/empty.yaml" "expected a KRM ResourceList" -
printf '  \n\n' >"$T/blank.yaml"
run blank "$T/blank.yaml"
expect_error blank "expected a KRM ResourceList"
run devnull /dev/null
expect_error devnull "expected a KRM ResourceList"

# --- not a ResourceList -------------------------------------------------------------------------
cat >"$T/configmap.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: not-a-list
data:
  a: b
YAML
run not-rl "$T/configmap.yaml"
expect_error not-rl "not a ResourceList" "ConfigMap"
check_rl not-rl "$T/configmap.yaml" "not a ResourceList" -
# a plain multi-document stream (what a legacy plugin gets) without a config file
python3 - "$ROOT/examples/kustomize/apps.yaml" >"$T/stream.yaml" <<'PY'
import sys; sys.stdout.write(open(sys.argv[1]).read())
PY
run stream "$T/stream.yaml"
expect_error stream "ResourceList"

# --- malformed YAML: the message names the line -------------------------------------------------
bad_line=$(grep -n '^    name: gitea-data$' "$EXAMPLE" | cut -d: -f1)
[[ -n $bad_line ]] || fail "examples/resourcelist/input.yaml has no gitea-data PVC"
sed "${bad_line}s/.*/    name: [gitea-data/" "$EXAMPLE" >"$T/malformed.yaml"
run malformed "$T/malformed.yaml"
expect_error malformed "malformed YAML"
# the parser reports the first line it cannot continue on: the broken one or the next
[[ $ERR =~ \<stdin\>:([0-9]+): ]] || fail "malformed: stderr has no <stdin>:LINE: location: $ERR"
got=${BASH_REMATCH[1]}
(( got == bad_line || got == bad_line + 1 )) || fail "malformed: error at line $got, the broken line is $bad_line: $ERR"
check_rl malformed "$T/malformed.yaml" "malformed YAML" "$got"

# --- missing source Secret ------------------------------------------------------------------------
python3 - "$EXAMPLE" >"$T/nosecret.yaml" <<'PY'
import sys, yaml
rl = yaml.safe_load(open(sys.argv[1]))
rl["items"] = [i for i in rl["items"] if i["kind"] != "Secret"]
yaml.safe_dump(rl, sys.stdout, sort_keys=False)
PY
run nosecret "$T/nosecret.yaml"
expect_error nosecret "source Secret volsync-credentials" "not in the input" "spec.credentials.secretName"
check_rl nosecret "$T/nosecret.yaml" "volsync-credentials" -
# ... but with no PVC selected the source Secret is not needed
python3 - "$T/nosecret.yaml" >"$T/nosecret-nopvc.yaml" <<'PY'
import sys, yaml
rl = yaml.safe_load(open(sys.argv[1]))
for i in rl["items"]: i["metadata"].get("labels", {}).pop("backup", None)
yaml.safe_dump(rl, sys.stdout, sort_keys=False)
PY
run nosecret-nopvc "$T/nosecret-nopvc.yaml"
[[ $RC -eq 0 ]] || fail "no PVC selected and no source Secret: exit $RC, expected success: $ERR"

# --- no functionConfig ------------------------------------------------------------------------------
python3 - "$EXAMPLE" >"$T/nofc.yaml" <<'PY'
import sys, yaml
rl = yaml.safe_load(open(sys.argv[1])); rl.pop("functionConfig")
yaml.safe_dump(rl, sys.stdout, sort_keys=False)
PY
run nofc "$T/nofc.yaml"
expect_error nofc "functionConfig"
check_rl nofc "$T/nofc.yaml" "functionConfig" -

# --- legacy plugin mode (CONFIG_FILE argument) --------------------------------------------------------
cp "$ROOT/examples/kustomize/volsync-config.yaml" "$T/config.yaml"
python3 - "$EXAMPLE" >"$T/stream-with-secret.yaml" <<'PY'
import sys, yaml
yaml.safe_dump_all(yaml.safe_load(open(sys.argv[1]))["items"], sys.stdout, sort_keys=False)
PY
run legacy-ok "$T/stream-with-secret.yaml" "$T/config.yaml"
[[ $RC -eq 0 ]] || fail "legacy mode on the example stream: exit $RC: $ERR"
python3 - "$OUT" <<'PY' || fail "legacy mode: output is not the expected YAML stream"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
assert all(d.get("kind") != "ResourceList" for d in docs)
assert sum(1 for d in docs if d["kind"] == "ReplicationSource") == 3
PY
sed 's/^  retain:$/  retian:/' "$T/config.yaml" >"$T/bad-config.yaml"
run legacy-bad "$T/stream-with-secret.yaml" "$T/bad-config.yaml"
expect_error legacy-bad 'unknown field "retian"' "bad-config.yaml"
[[ ! -s $OUT ]] || fail "legacy-bad: printed a stream despite the error"
run legacy-missing "$T/stream-with-secret.yaml" "$T/does-not-exist.yaml"
expect_error legacy-missing "does-not-exist.yaml"
run legacy-nosecret "$T/stream.yaml" "$T/config.yaml"
expect_error legacy-nosecret "source Secret volsync-credentials" "not in the input"

echo "PASS: error handling (empty, not a ResourceList, malformed YAML, missing source Secret, no config, legacy mode)"
