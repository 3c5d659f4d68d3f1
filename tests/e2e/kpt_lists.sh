#!/usr/bin/env bash
# e2e: `kpt fn eval` on a package whose PVCs are inside `kind: List` files (issue 12). kpt passes a
# file holding one List as one item; volsync-gen reads the objects in it as kubectl does.
#   1. Both labelled PVCs get their backup objects, as top-level objects of their own.
#   2. The List that needs no change is byte for byte what it was; in the List whose PVC restores
#      on bootstrap only that PVC changes (its dataSourceRef), the text around it is kept.
#   3. A second eval changes nothing.
# Usage: bash tests/e2e/kpt_lists.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

PKG=$T/pkg
mkdir -p "$PKG/apps"
cp "$ROOT/examples/kpt/Kptfile" "$ROOT/examples/kpt/volsync-config.yaml" "$ROOT/examples/kpt/volsync-credentials.yaml" "$PKG/"
cat >"$PKG/apps/list.yaml" <<'EOF'
# The app's objects, as one List (kpt wants the List named).
apiVersion: v1
kind: List
metadata:
  name: app
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings
    namespace: apps
  data:
    mode: "0700" # a string, quoted (kpt writes one space before a comment)
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    name: data
    namespace: apps
    labels:
      backup: daily
  spec:
    accessModes: [ReadWriteOnce]
    resources:
      requests:
        storage: 5Gi
EOF
cat >"$PKG/apps/boot.yaml" <<'EOF'
apiVersion: v1
kind: List
metadata:
  name: boot
items:
# restored from its backup when the cluster is rebuilt
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    name: boot
    namespace: apps
    labels:
      backup: daily
    annotations:
      volsync-gen.io/restore: bootstrap
  spec:
    accessModes: [ReadWriteOnce]
    resources:
      requests:
        storage: 2Gi
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: after, namespace: apps} # kept as written
EOF
git_() { git -C "$PKG" -c user.name=e2e -c user.email=e2e@example.invalid -c commit.gpgsign=false "$@"; }
git_ init -q
git_ add -A && git_ commit -qm "package with Lists"

run_eval() {  # run_eval LOG
  if ! kpt fn eval "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml" >"$1" 2>&1; then
    cat "$1" >&2
    fail "kpt fn eval exited non-zero"
  fi
}

# --- 1. first eval ------------------------------------------------------------------------
run_eval "$T/eval1.log"
python3 - "$PKG" <<'PY' || fail "eval 1: the package is wrong (see above)"
import os, sys, yaml
pkg = sys.argv[1]
errors = []
top = {}  # (kind, namespace, name) -> file, for the package's top-level objects
for d, _, files in os.walk(pkg):
    if "/.git" in d or d.endswith(".git"): continue
    for f in files:
        if not f.endswith(".yaml"): continue
        rel = os.path.relpath(os.path.join(d, f), pkg)
        for doc in yaml.safe_load_all(open(os.path.join(d, f))):
            if doc:
                m = doc.get("metadata") or {}
                top[(doc["kind"], m.get("namespace", ""), m.get("name"))] = rel
for pvc, size in (("data", "5Gi"), ("boot", "2Gi")):
    for kind, name in (("ReplicationSource", f"{pvc}-backup"), ("ReplicationDestination", f"{pvc}-restore"),
                       ("Secret", f"{pvc}-volsync-secret")):
        if (kind, "apps", name) not in top: errors.append(f"{kind} apps/{name} was not generated as an object of its own")
    rel = top.get(("ReplicationDestination", "apps", f"{pvc}-restore"))
    if rel:
        rd = [o for o in yaml.safe_load_all(open(os.path.join(pkg, rel))) if o and o["kind"] == "ReplicationDestination"][0]
        if rd["spec"]["restic"].get("capacity") != size: errors.append(f"RD {pvc}-restore capacity {rd['spec']['restic'].get('capacity')!r}, want {size}")
boot = yaml.safe_load(open(os.path.join(pkg, "apps/boot.yaml")))
ref = boot["items"][0]["spec"].get("dataSourceRef")
if ref != {"apiGroup": "volsync.backube", "kind": "ReplicationDestination", "name": "boot-restore"}:
    errors.append(f"apps/boot.yaml: the PVC's dataSourceRef is {ref!r}")
if errors:
    print("\n".join("  - " + e for e in errors), file=sys.stderr); sys.exit(1)
PY
# The List that needs no change is as it was. In the other one only the PVC changed: the text
# around it is as it was, and the PVC (re-emitted, as an edited object always is) means what it
# meant plus its dataSourceRef.
git_ diff --exit-code -- apps/list.yaml >/dev/null || fail "eval 1 changed apps/list.yaml:
$(git_ diff -- apps/list.yaml)"
git_ show HEAD:apps/boot.yaml >"$T/boot-before.yaml"
python3 - "$T/boot-before.yaml" "$PKG/apps/boot.yaml" <<'PY' || fail "eval 1: unexpected change of apps/boot.yaml:
$(git_ diff -- apps/boot.yaml)"
import sys, yaml
before, after = (open(p).read() for p in sys.argv[1:3])
pvc_start = "- apiVersion: v1\n  kind: PersistentVolumeClaim\n"
next_item = "- apiVersion: v1\n  kind: ConfigMap\n"
def around(t): return t[:t.index(pvc_start)], t[t.index(next_item):]
assert around(before) == around(after), "the text around the PVC changed"
b, a = yaml.safe_load(before), yaml.safe_load(after)
b["items"][0]["spec"]["dataSourceRef"] = {"apiGroup": "volsync.backube", "kind": "ReplicationDestination", "name": "boot-restore"}
assert a == b, f"the List means something else: {a}"
PY
git_ add -A && git_ commit -qm "eval 1"

# --- 2. second eval: nothing changes ------------------------------------------------------
run_eval "$T/eval2.log"
status=$(git_ status --porcelain)
[[ -z $status ]] || fail "eval 2 is not idempotent:
$status
$(git_ diff)"

echo "PASS: kpt fn eval on PVCs inside Lists (backups generated, Lists kept, one edit in place, re-run clean)"
