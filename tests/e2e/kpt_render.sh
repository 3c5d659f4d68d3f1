#!/usr/bin/env bash
# e2e: `kpt fn render --allow-exec` with the Kptfile pipeline of examples/kpt (exec: volsync-gen,
# found on PATH; kpt runs from the package dir).
#   1. First render: generated files next to the labelled PVCs, source Secret still in its file
#      with config.kubernetes.io/local-config: "true", comments of hand-written files kept.
#   2. Second render: every file byte-identical (checksums of all files).
#   3. A PVC with an invalid schedule annotation: render exits non-zero, shows the located
#      message, and leaves every package file unchanged.
# Usage: bash tests/e2e/kpt_render.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

mkdir "$T/bin"
ln -s "$BIN" "$T/bin/volsync-gen"      # the Kptfile says `exec: volsync-gen`
export PATH="$T/bin:$PATH"
PKG=$T/pkg
cp -r "$ROOT/examples/kpt" "$PKG"
cd "$PKG"

sums() { find . -type f -print0 | sort -z | xargs -0 sha256sum; }
render() {  # render LOG: returns kpt's exit code
  local rc=0
  kpt fn render --allow-exec >"$1" 2>&1 || rc=$?
  return $rc
}

# --- 1. first render ---------------------------------------------------------------------------
render "$T/render1.log" || { cat "$T/render1.log" >&2; fail "first kpt fn render exited non-zero"; }
python3 - <<'PY' || fail "first render: package content is wrong (see above)"
import os, sys, yaml
errors = []
def load(p):
    with open(p) as fh: return [d for d in yaml.safe_load_all(fh) if d is not None]
src = load("volsync-credentials.yaml")
if len(src) != 1 or src[0].get("kind") != "Secret" or src[0]["metadata"].get("name") != "volsync-credentials":
    errors.append(f"volsync-credentials.yaml no longer holds just the source Secret: {src}")
elif (src[0]["metadata"].get("annotations") or {}).get("config.kubernetes.io/local-config") != "true":
    errors.append("source Secret lacks config.kubernetes.io/local-config: \"true\"")
elif set(src[0].get("stringData", {})) != {"RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}:
    errors.append("source Secret stringData changed")
for ns, pvc in (("nextcloud", "nextcloud-data"), ("gitea", "gitea-data")):
    f = f"{ns}/volsync-{ns}.{pvc}.yaml"
    if not os.path.exists(f):
        errors.append(f"{f} was not generated"); continue
    got = sorted((d["kind"], d["metadata"]["namespace"], d["metadata"]["name"]) for d in load(f))
    want = sorted([("Secret", ns, f"{pvc}-volsync-secret"), ("ReplicationSource", ns, f"{pvc}-backup"),
                   ("ReplicationDestination", ns, f"{pvc}-restore")])
    if got != want: errors.append(f"{f} holds {got}, expected {want}")
if [f for f in os.listdir("gitea") if "gitea-cache" in f]: errors.append("unlabelled PVC gitea-cache got a backup")
for f in ("volsync-credentials.yaml", "volsync-config.yaml", "gitea/pvc.yaml", "nextcloud/pvc.yaml"):
    if not open(f).readline().startswith("#"): errors.append(f"{f}: leading comment lost")
if "# kpt resolves a relative exec path" not in open("Kptfile").read(): errors.append("Kptfile: comment lost")
# every file still parses and carries no orchestrator annotations
for d, _, files in os.walk("."):
    for fn in files:
        if not (fn.endswith((".yaml", ".yml")) or fn == "Kptfile"): continue
        p = os.path.join(d, fn)
        for doc in load(p):
            for k in (doc.get("metadata", {}).get("annotations") or {}):
                if k.startswith(("internal.config.kubernetes.io/", "config.kubernetes.io/path", "config.kubernetes.io/index", "config.k8s.io/id")):
                    errors.append(f"{p}: annotation {k} leaked")
if errors:
    print("\n".join("  - " + e for e in errors), file=sys.stderr); sys.exit(1)
PY
# hand-written files other than the source Secret are byte-identical to the example
for f in Kptfile volsync-config.yaml gitea/pvc.yaml nextcloud/pvc.yaml nextcloud/deployment.yaml; do
  cmp -s "$f" "$ROOT/examples/kpt/$f" || fail "first render modified $f:
$(diff -u "$ROOT/examples/kpt/$f" "$f" || true)"
done

# --- 2. second render: byte-identical ----------------------------------------------------------
sums >"$T/sums1"
render "$T/render2.log" || { cat "$T/render2.log" >&2; fail "second kpt fn render exited non-zero"; }
sums >"$T/sums2"
diff -u "$T/sums1" "$T/sums2" >&2 || fail "second render changed files (checksums above)"

# --- 3. invalid schedule annotation: render fails, files untouched -----------------------------
grep -q '^    backup: daily$' gitea/pvc.yaml || fail "examples/kpt/gitea/pvc.yaml has no 'backup: daily' label line"
sed -i 's/^    backup: daily$/    backup: daily\n  annotations:\n    volsync-gen.io\/schedule: "every tuesday"/' gitea/pvc.yaml
bad_line=$(grep -n 'volsync-gen.io/schedule: "every tuesday"' gitea/pvc.yaml | cut -d: -f1)
doc_end=$(grep -n '^---$' gitea/pvc.yaml | head -1 | cut -d: -f1)   # gitea-data is the first document
sums >"$T/sums3"
if render "$T/render3.log"; then
  cat "$T/render3.log" >&2; fail "render with schedule \"every tuesday\" succeeded; expected a failure"
fi
sums >"$T/sums4"
diff -u "$T/sums3" "$T/sums4" >&2 || fail "failed render modified package files (checksums above)"
log=$(cat "$T/render3.log")
for want in '[FAIL] "volsync-gen"' 'gitea/gitea-data' 'volsync-gen.io/schedule' 'schedule must have exactly 5 fields' 'gitea/pvc.yaml:'; do
  [[ $log == *"$want"* ]] || fail "failed render output lacks \"$want\":
$log"
done
# The location must name gitea/pvc.yaml. kpt re-serializes items (adding annotations), so lines
# of its ResourceList do not map onto the file: volsync-gen names the file and the field, and a
# line number, if one is ever given, must fall inside the gitea-data document.
grep -q 'gitea/pvc\.yaml' "$T/render3.log" || fail "error does not name gitea/pvc.yaml:
$log"
loc=$(grep -o 'gitea/pvc\.yaml:[0-9][0-9]*' "$T/render3.log" | head -1 || true)
if [[ -n "$loc" ]]; then
  loc_line=${loc#gitea/pvc.yaml:}
  if (( loc_line < 1 || loc_line >= doc_end )); then
    fail "error located at $loc, but the gitea-data PVC is lines 1-$((doc_end - 1)) of gitea/pvc.yaml:
$log"
  fi
fi

echo "PASS: kpt fn render (first render, byte-identical re-render, failing render leaves files unchanged)"
