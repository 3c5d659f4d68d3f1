#!/usr/bin/env bash
# e2e: only volsync-gen's own objects are replaced or removed, with the real kpt. On a copy of
# examples/kpt with two hand-written Secrets in gitea/:
#   app-token.yaml  carries only the annotation volsync-gen.io/source-pvc: gitea-data
#   leftover.yaml   carries the label and the annotation, but a name volsync-gen does not give
#   1. kpt fn eval: passes; both files byte-identical; each is named in a warning.
#   2. The PVC gitea-data loses its backup label; kpt fn eval: its generated file goes, with an
#      info result per removed object naming it and the PVC; both user files still byte-identical.
#   3. kpt fn render --allow-exec on a fresh copy: both user files kept, the warning shown.
# Usage: bash tests/e2e/kpt_ownership.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

mkdir "$T/bin"
ln -s "$BIN" "$T/bin/volsync-gen"      # the Kptfile says `exec: volsync-gen`
export PATH="$T/bin:$PATH"

make_pkg() {  # make_pkg DIR
  cp -r "$ROOT/examples/kpt" "$1"
  cat >"$1/gitea/app-token.yaml" <<'EOF'
# Hand-written; the annotation alone does not make it volsync-gen's.
apiVersion: v1
kind: Secret
metadata:
  name: app-token
  namespace: gitea
  annotations:
    volsync-gen.io/source-pvc: gitea-data
stringData:
  token: not-a-real-token
EOF
  cat >"$1/gitea/leftover.yaml" <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: gitea-old-volsync-secret
  namespace: gitea
  labels:
    app.kubernetes.io/managed-by: volsync-gen
  annotations:
    volsync-gen.io/source-pvc: gitea-data
stringData:
  note: volsync-gen never names a Secret of gitea-data like this
EOF
}

expect_log() {  # expect_log LOG WHAT TEXT...
  local log=$1 what=$2; shift 2
  local want
  for want in "$@"; do
    grep -qF -- "$want" "$log" || fail "$what: kpt's output lacks \"$want\":
$(cat "$log")"
  done
}

user_files_kept() {  # user_files_kept PKG WHEN
  local f
  for f in app-token.yaml leftover.yaml; do
    [[ -f $1/gitea/$f ]] || fail "$2: gitea/$f was deleted"
  done
  make_pkg "$T/reference-$2"
  for f in app-token.yaml leftover.yaml; do
    cmp -s "$1/gitea/$f" "$T/reference-$2/gitea/$f" || fail "$2: gitea/$f was changed:
$(diff -u "$T/reference-$2/gitea/$f" "$1/gitea/$f" || true)"
  done
}

WARN_TOKEN='[warning] v1/Secret/gitea/app-token metadata: looks generated but is not provably volsync-gen'"'"'s'
WARN_LEFTOVER='the configuration generates no Secret named gitea-old-volsync-secret for PVC gitea/gitea-data'

# --- 1. eval: both look-alikes kept, each warned about ------------------------------------------
PKG=$T/pkg
make_pkg "$PKG"
kpt fn eval "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml" --truncate-output=false >"$T/eval1.log" 2>&1 \
  || { cat "$T/eval1.log" >&2; fail "eval 1 exited non-zero"; }
user_files_kept "$PKG" eval1
[[ -f $PKG/gitea/volsync-gitea.gitea-data.yaml ]] || fail "eval 1: gitea-data's objects were not generated"
expect_log "$T/eval1.log" "eval 1" "$WARN_TOKEN" "but not the label app.kubernetes.io/managed-by: volsync-gen" \
  "$WARN_LEFTOVER" "generated-look-alike"

# --- 2. deselect gitea-data: its objects go, each with an info result; user files stay -----------
sed -i '/^    backup: daily$/d' "$PKG/gitea/pvc.yaml"
kpt fn eval "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml" --truncate-output=false >"$T/eval2.log" 2>&1 \
  || { cat "$T/eval2.log" >&2; fail "eval 2 exited non-zero"; }
[[ ! -e $PKG/gitea/volsync-gitea.gitea-data.yaml ]] || fail "eval 2: the deselected PVC's generated file is still there"
[[ -f $PKG/nextcloud/volsync-nextcloud.nextcloud-data.yaml ]] || fail "eval 2: nextcloud-data's file went too"
user_files_kept "$PKG" eval2
while read -r ref kind name; do  # kpt's resource ref, and the object as volsync-gen names it
  expect_log "$T/eval2.log" "eval 2" "[info] $ref: removed $kind gitea/$name, generated for PVC gitea/gitea-data: the PVC is no longer selected for backup"
done <<'EOF'
v1/Secret/gitea/gitea-data-volsync-secret Secret gitea-data-volsync-secret
volsync.backube/v1alpha1/ReplicationSource/gitea/gitea-data-backup ReplicationSource gitea-data-backup
volsync.backube/v1alpha1/ReplicationDestination/gitea/gitea-data-restore ReplicationDestination gitea-data-restore
EOF
expect_log "$T/eval2.log" "eval 2" "$WARN_TOKEN"

# --- 3. render: the look-alikes are kept too -----------------------------------------------------
make_pkg "$T/rpkg"
(cd "$T/rpkg" && kpt fn render --allow-exec --truncate-output=false) >"$T/render.log" 2>&1 \
  || { cat "$T/render.log" >&2; fail "kpt fn render exited non-zero"; }
user_files_kept "$T/rpkg" render
expect_log "$T/render.log" "render" "$WARN_TOKEN" "$WARN_LEFTOVER"

echo "PASS: kpt ownership (look-alike Secrets kept with warnings; a deselected PVC's objects removed with info results)"
