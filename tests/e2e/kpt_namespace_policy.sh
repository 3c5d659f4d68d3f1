#!/usr/bin/env bash
# e2e: the namespace policy (issue 17) through the real `kpt fn eval`, ConfigMap form (key=value):
#   1. a selected PVC outside namespacesInclude fails the eval, naming the PVC and the policy entry,
#      and the package is left as it was (nothing written);
#   2. namespacesAction=warn: kpt succeeds, the allowed PVC is backed up, the refused one gets no
#      file, and kpt shows the warning;
#   3. globs (`*`, `?`) include both namespaces.
# Usage: bash tests/e2e/kpt_namespace_policy.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

BASE=s3:http://192.168.10.133:30292/volsync-backup
fresh() {  # fresh DIR: a committed copy of examples/kpt
  cp -r "$ROOT/examples/kpt" "$1"
  git -C "$1" init -q
  git -C "$1" -c user.name=e2e -c user.email=e2e@example.invalid -c commit.gpgsign=false add -A
  git -C "$1" -c user.name=e2e -c user.email=e2e@example.invalid -c commit.gpgsign=false commit -qm example
}
evaluate() {  # evaluate PKG LOG KEY=VALUE...: sets RC
  local pkg=$1 log=$2; shift 2
  RC=0
  kpt fn eval "$pkg" --exec "$BIN" -- secretName=volsync-credentials "repository=$BASE" "$@" >"$log" 2>&1 || RC=$?
}

# --- 1. action error (the default) ----------------------------------------------------------
P1=$T/p1; fresh "$P1"
evaluate "$P1" "$T/1.log" namespacesInclude=nextcloud
[[ $RC -ne 0 ]] || fail "a PVC outside the policy: kpt exited 0: $(cat "$T/1.log")"
grep -q 'namespace "gitea" matches no entry of data.namespacesInclude \[nextcloud\]' "$T/1.log" \
  || fail "the error does not name the namespace and the policy: $(cat "$T/1.log")"
grep -q 'gitea-data' "$T/1.log" || fail "the error does not name the PVC: $(cat "$T/1.log")"
[[ -z $(git -C "$P1" status --porcelain) ]] || fail "a refused eval changed the package: $(git -C "$P1" status --porcelain)"

# --- 2. action warn ---------------------------------------------------------------------------
P2=$T/p2; fresh "$P2"
evaluate "$P2" "$T/2.log" namespacesInclude=nextcloud namespacesAction=warn
[[ $RC -eq 0 ]] || fail "action warn: kpt exited $RC: $(cat "$T/2.log")"
[[ -f $P2/nextcloud/volsync-nextcloud.nextcloud-data.yaml ]] || fail "action warn: the allowed PVC was not backed up"
[[ ! -e $P2/gitea/volsync-gitea.gitea-data.yaml ]] || fail "action warn: the refused PVC got backup objects"
grep -q 'NOT backed up' "$T/2.log" || fail "action warn: kpt does not show the warning: $(cat "$T/2.log")"

# --- 3. globs ---------------------------------------------------------------------------------
P3=$T/p3; fresh "$P3"
evaluate "$P3" "$T/3.log" "namespacesInclude=next*,gite?" "namespacesExclude=kube-*"
[[ $RC -eq 0 ]] || fail "globs: kpt exited $RC: $(cat "$T/3.log")"
for f in nextcloud/volsync-nextcloud.nextcloud-data.yaml gitea/volsync-gitea.gitea-data.yaml; do
  [[ -f $P3/$f ]] || fail "globs: $f was not generated"
done

echo "PASS: kpt fn eval with a namespace policy (error, warn, globs)"
