#!/usr/bin/env bash
# e2e: where kpt writes generated objects. Three PVCs named `config` in namespaces a, b and c, in
# three layouts:
#   one-file   all three PVCs in apps.yaml
#   one-dir    one file per PVC in one directory
#   taken      as one-file, plus a user's file already named like the first choice of namespace b
#              (volsync-b.config.yaml); the package's VolSyncBackup is volsync-config.yaml, the
#              name volsync-gen 0.1.0 gave every PVC named config (kpt: "resource at path
#              \"volsync-config.yaml\" and index \"0\" already exists")
# For each: `kpt fn eval --exec` passes, then again with nothing changed; `kpt fn render
# --allow-exec` on a fresh copy passes and a second render leaves every file byte-identical
# (checksums). Every PVC's three objects share one file of their own; user files are unchanged.
# Last, generated objects in files of another name (an older release's layout) stay where they are.
# Usage: bash tests/e2e/kpt_placement.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

mkdir "$T/bin"
ln -s "$BIN" "$T/bin/volsync-gen"      # the Kptfile says `exec: volsync-gen`
export PATH="$T/bin:$PATH"

pvc() {  # pvc NAMESPACE: a PVC named config, selected by the backup label
  cat <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: config
  namespace: $1
  labels:
    backup: daily
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
EOF
}

make_pkg() {  # make_pkg DIR LAYOUT
  local dir=$1 layout=$2
  mkdir -p "$dir"
  cp "$ROOT/examples/kpt/Kptfile" "$ROOT/examples/kpt/volsync-config.yaml" "$ROOT/examples/kpt/volsync-credentials.yaml" "$dir/"
  case $layout in
    one-file|taken) { pvc a; echo ---; pvc b; echo ---; pvc c; } >"$dir/apps.yaml" ;;
    one-dir) mkdir "$dir/apps"; for ns in a b c; do pvc $ns >"$dir/apps/pvc-$ns.yaml"; done ;;
  esac
  if [[ $layout == taken ]]; then
    cat >"$dir/volsync-b.config.yaml" <<'EOF'
# A user's file that happens to have the name volsync-gen would try first for b/config.
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: b
data:
  mode: user
EOF
  fi
}

sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

# check_pkg DIR LAYOUT: each PVC's Secret, ReplicationSource and ReplicationDestination, once each, in
# the expected file and alone there; the user's files byte-identical to what make_pkg wrote.
check_pkg() {
  local dir=$1 layout=$2
  python3 - "$dir" "$layout" <<'PY'
import os, sys, yaml
pkg, layout = sys.argv[1:3]
errors = []
where = {}  # (kind, ns, name) -> [files]
for d, _, files in os.walk(pkg):
    for f in files:
        if not f.endswith(".yaml"): continue
        rel = os.path.relpath(os.path.join(d, f), pkg)
        for doc in yaml.safe_load_all(open(os.path.join(d, f))):
            if doc is None: continue
            m = doc.get("metadata") or {}
            where.setdefault((doc.get("kind"), m.get("namespace", ""), m.get("name")), []).append(rel)
pvc_dir = "apps/" if layout == "one-dir" else ""
files = {}
for ns in "abc":
    want = f"{pvc_dir}volsync-{ns}.config{'_2' if layout == 'taken' and ns == 'b' else ''}.yaml"
    for kind, name in (("Secret", "config-volsync-secret"), ("ReplicationSource", "config-backup"),
                       ("ReplicationDestination", "config-restore")):
        got = where.get((kind, ns, name), [])
        if got != [want]: errors.append(f"{kind} {ns}/{name} is in {got}, expected [{want}]")
    files[ns] = want
for ns, f in files.items():
    inside = sorted(k for k, v in where.items() if f in v)
    if len(inside) != 3: errors.append(f"{f} holds {inside}, expected only the objects of {ns}/config")
if layout == "taken" and where.get(("ConfigMap", "b", "settings")) != ["volsync-b.config.yaml"]:
    errors.append(f"the user's ConfigMap b/settings is in {where.get(('ConfigMap', 'b', 'settings'))}")
if where.get(("VolSyncBackup", "", "volsync")) != ["volsync-config.yaml"]:
    errors.append(f"the VolSyncBackup is in {where.get(('VolSyncBackup', '', 'volsync'))}")
if errors:
    print("\n".join("  - " + e for e in errors), file=sys.stderr); sys.exit(1)
PY
  local f
  for f in Kptfile volsync-config.yaml; do
    cmp -s "$dir/$f" "$ROOT/examples/kpt/$f" || fail "$layout: $f was changed"
  done
  (cd "$T/pristine-$layout" && find . -type f ! -name volsync-credentials.yaml -print0 | sort -z | xargs -0 sha256sum) \
    | (cd "$dir" && sha256sum --quiet -c -) || fail "$layout: a file of the package was changed (see above)"
}

for layout in one-file one-dir taken; do
  make_pkg "$T/pristine-$layout" "$layout"

  # --- kpt fn eval, twice ------------------------------------------------------------------------
  cp -r "$T/pristine-$layout" "$T/eval-$layout"
  pkg=$T/eval-$layout
  kpt fn eval "$pkg" --exec "$BIN" --fn-config "$pkg/volsync-config.yaml" >"$T/eval1.log" 2>&1 \
    || { cat "$T/eval1.log" >&2; fail "$layout: kpt fn eval exited non-zero"; }
  check_pkg "$pkg" "$layout" || fail "$layout: package after kpt fn eval is wrong (see above)"
  sums "$pkg" >"$T/sums1"
  kpt fn eval "$pkg" --exec "$BIN" --fn-config "$pkg/volsync-config.yaml" >"$T/eval2.log" 2>&1 \
    || { cat "$T/eval2.log" >&2; fail "$layout: second kpt fn eval exited non-zero"; }
  sums "$pkg" >"$T/sums2"
  diff -u "$T/sums1" "$T/sums2" >&2 || fail "$layout: second kpt fn eval changed files (checksums above)"

  # --- kpt fn render, twice ----------------------------------------------------------------------
  cp -r "$T/pristine-$layout" "$T/render-$layout"
  pkg=$T/render-$layout
  (cd "$pkg" && kpt fn render --allow-exec) >"$T/render1.log" 2>&1 \
    || { cat "$T/render1.log" >&2; fail "$layout: kpt fn render exited non-zero"; }
  check_pkg "$pkg" "$layout" || fail "$layout: package after kpt fn render is wrong (see above)"
  sums "$pkg" >"$T/sums1"
  (cd "$pkg" && kpt fn render --allow-exec) >"$T/render2.log" 2>&1 \
    || { cat "$T/render2.log" >&2; fail "$layout: second kpt fn render exited non-zero"; }
  sums "$pkg" >"$T/sums2"
  diff -u "$T/sums1" "$T/sums2" >&2 || fail "$layout: second kpt fn render changed files (checksums above)"
done

# --- objects keep their file: one named as volsync-gen 0.1.0 named it stays where it is ----------
pkg=$T/eval-one-file
for ns in a b c; do mv "$pkg/volsync-$ns.config.yaml" "$pkg/volsync-config-$ns.yaml"; done  # files of an older layout
sums "$pkg" >"$T/sums1"
kpt fn eval "$pkg" --exec "$BIN" --fn-config "$pkg/volsync-config.yaml" >"$T/eval3.log" 2>&1 \
  || { cat "$T/eval3.log" >&2; fail "kept files: kpt fn eval exited non-zero"; }
sums "$pkg" >"$T/sums2"
diff -u "$T/sums1" "$T/sums2" >&2 || fail "kpt fn eval moved generated objects out of the files they were in (checksums above)"

echo "PASS: kpt placement (same-named PVCs of three namespaces: one file, one directory, a taken name; eval and render twice)"
