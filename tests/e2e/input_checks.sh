#!/usr/bin/env bash
# e2e: inputs the API server would refuse, and generated identities that would clash, stop the
# build under the real clients with volsync-gen's own message (never a client's later refusal,
# never an object silently overwritten):
#   1. kubectl kustomize: two repositories with one credentials.secretSuffix (kustomize used to
#      fail with "already registered id", with no word on which setting to change);
#   2. kpt fn eval: the same configuration (kpt used to keep one of the two Secrets, exit 0);
#   3. kubectl kustomize: a source Secret key the API server refuses ("bad key!");
#   4. kubectl kustomize: a PVC request of -1Gi (it used to become the restore's capacity).
# Usage: bash tests/e2e/input_checks.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl not installed"; exit 77; }
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

PLUGIN_DIR=volsync-gen.io/v1alpha1/volsyncbackup
mkdir -p "$T/plugins/$PLUGIN_DIR"
ln -s "$BIN" "$T/plugins/$PLUGIN_DIR/VolSyncBackup"

pvc() {  # pvc NAME STORAGE
  cat <<YAML
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: $1
  namespace: apps
  labels:
    backup: daily
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: $2
YAML
}
secret() {  # secret [EXTRA_STRINGDATA_LINE]
  cat <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: volsync-credentials
  namespace: apps
type: Opaque
stringData:
  RESTIC_PASSWORD: not-a-real-password
  AWS_ACCESS_KEY_ID: user
  AWS_SECRET_ACCESS_KEY: key
${1:-}
YAML
}
config() {  # config SPEC_TAIL: a VolSyncBackup whose credentials name the Secret above
  cat <<YAML
apiVersion: volsync-gen.io/v1alpha1
kind: VolSyncBackup
metadata:
  name: volsync
spec:
  credentials:
    secretName: volsync-credentials
$1
YAML
}
SINGLE='  repository: s3:http://minio:9000/volsync'
TWO_ON_ONE_SUFFIX='    secretSuffix: restic
  repositories:
  - name: local
    url: s3:http://minio:9000/volsync
  - name: offsite
    url: s3:https://s3.example.com/volsync'

# kustomize_case NAME PVC_STORAGE SECRET_EXTRA CONFIG_TAIL: a kustomization with the plugin; sets RC, ERR
kustomize_case() {
  local dir=$T/$1
  mkdir -p "$dir"
  pvc data "$2" >"$dir/pvc.yaml"
  secret "$3" >"$dir/secret.yaml"
  config "$4" >"$dir/volsync-config.yaml"
  printf 'resources: [pvc.yaml, secret.yaml]\ntransformers: [volsync-config.yaml]\n' >"$dir/kustomization.yaml"
  RC=0
  KUSTOMIZE_PLUGIN_HOME=$T/plugins kubectl kustomize --enable-alpha-plugins "$dir" >"$dir/out.yaml" 2>"$dir/err.txt" || RC=$?
  ERR=$(cat "$dir/err.txt")
}
expect_refused() {  # expect_refused NAME WANT...: non-zero, nothing built, each WANT on stderr
  local name=$1 w; shift
  [[ $RC -ne 0 ]] || fail "$name: exit 0; the output was built:
$(cat "$T/$name/out.yaml" 2>/dev/null)"
  for w in "$@"; do
    [[ $ERR == *"$w"* ]] || fail "$name: stderr lacks \"$w\":
$ERR"
  done
}

# --- 1. kustomize: two repositories, one secretSuffix ----------------------------------------------
kustomize_case suffix 10Gi "" "$TWO_ON_ONE_SUFFIX"
expect_refused suffix "error generated-duplicate VolSyncBackup volsync: repository local and repository offsite" \
  "(field spec.credentials.secretSuffix)"

# --- 2. kpt fn eval: the same configuration ----------------------------------------------------------
PKG=$T/pkg
mkdir -p "$PKG"
pvc data 10Gi >"$PKG/pvc.yaml"
secret >"$PKG/secret.yaml"
config "$TWO_ON_ONE_SUFFIX" >"$T/fn-config.yaml"
before=$(cd "$PKG" && cat ./*.yaml | sha256sum)
RC=0
kpt fn eval "$PKG" --exec "$BIN" --fn-config "$T/fn-config.yaml" >"$T/kpt.log" 2>&1 || RC=$?
ERR=$(cat "$T/kpt.log")
[[ $RC -ne 0 ]] || fail "kpt: exit 0 although two repositories would write one Secret:
$ERR
$(cd "$PKG" && ls && cat ./*.yaml)"
[[ $ERR == *"generated-duplicate"* && $ERR == *"spec.credentials.secretSuffix"* ]] ||
  fail "kpt: the output lacks volsync-gen's finding:
$ERR"
[[ $(cd "$PKG" && ls | tr '\n' ' ') == "pvc.yaml secret.yaml " ]] || fail "kpt: files written: $(ls "$PKG")"
[[ $(cd "$PKG" && cat ./*.yaml | sha256sum) == "$before" ]] || fail "kpt: the package changed"

# --- 3. kustomize: a Secret key the API server refuses ---------------------------------------------
kustomize_case badkey 10Gi '  bad key!: copied into every generated Secret' "$SINGLE"
expect_refused badkey "error source-secret Secret apps/volsync-credentials: key \"bad key!\" is not a valid Secret key" \
  "(field stringData.bad key!)"

# --- 4. kustomize: a negative storage request ------------------------------------------------------
kustomize_case negative -1Gi "" "$SINGLE"
expect_refused negative "error pvc-capacity PersistentVolumeClaim apps/data: storage request \"-1Gi\" must be greater than zero"

echo "PASS: input checks under kubectl kustomize and kpt"
