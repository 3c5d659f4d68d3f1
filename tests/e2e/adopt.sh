#!/usr/bin/env bash
# e2e: `volsync-gen adopt` output used as it is by the real clients, on tests/adopt fixtures.
#   1. adopt of a hand-written setup (renamed PVC whose repository kept the old name, manual restore
#      into the live PVC, customCA) exits 0 and prints no Secret value.
#   2. kubectl kustomize --enable-alpha-plugins: the adopted resources plus the VolSyncBackup as the
#      legacy plugin's config build; today's ReplicationSource/Destination come back under their names,
#      reading the same Secret, and the user's Secret and manual-restore RD pass through unchanged.
#   3. kpt fn eval with the VolSyncBackup as --fn-config: the same objects in the package.
#   4. adopt of the Flux-component fixture through kustomize: ${APP} names and the dataSourceRef's
#      ReplicationDestination come back; a lossy input exits 1.
#   5. adopt of the kopia NFS fixture through kustomize: kopia sources and -dst destinations come back
#      under their names with the same Secret, the NFS moverVolumes and the restored identity; the
#      user's KopiaMaintenance passes through and no second one is generated.
# Usage: bash tests/e2e/adopt.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl not installed"; exit 77; }
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

# split ADOPTED DIR: the VolSyncBackup to DIR/volsync.yaml, everything else to DIR/resources.yaml
split() {
  python3 - "$1" "$2" <<'PY'
import sys, yaml
src, out = sys.argv[1:3]
docs = [d for d in yaml.safe_load_all(open(src)) if d]
cfg = [d for d in docs if d["kind"] == "VolSyncBackup"]
assert len(cfg) == 1, "one VolSyncBackup expected"
assert cfg[0]["metadata"]["annotations"]["config.kubernetes.io/local-config"] == "true"
yaml.safe_dump(cfg[0], open(f"{out}/volsync.yaml", "w"))
yaml.safe_dump_all([d for d in docs if d["kind"] != "VolSyncBackup"], open(f"{out}/resources.yaml", "w"))
PY
}

# check OUT NS "kind/name=repository ..." NAMES_ABSENT: objects present with that repository (restic or kopia)
check() {
  python3 - "$@" <<'PY'
import sys, yaml
out, ns, want, absent = sys.argv[1:5]
docs = [d for d in yaml.safe_load_all(open(out)) if d]
by = {(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]): d for d in docs}
errors = []
for w in want.split():
    kn, repo = w.split("=")
    kind, name = kn.split("/")
    o = by.get((kind, ns, name))
    if o is None: errors.append(f"{kind} {ns}/{name} missing"); continue
    mover = o.get("spec", {}).get("restic") or o.get("spec", {}).get("kopia") or {}
    if kind in ("ReplicationSource", "ReplicationDestination") and mover.get("repository") != repo:
        errors.append(f"{kind} {name}: repository {mover.get('repository')} != {repo}")
for a in absent.split():
    kind, name = a.split("/")
    if (kind, ns, name) in by: errors.append(f"{kind} {ns}/{name} should not be there")
for e in errors: print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}

# 1. adopt
A=$T/adopt && mkdir -p "$A"
"$BIN" adopt "$ROOT/tests/adopt/hand-written" >"$A/adopted.yaml" 2>"$A/err" || { cat "$A/err" >&2; fail "adopt exited non-zero"; }
grep -q "correct-horse\|do-not-print-me" "$A/err" && fail "adopt printed a Secret value on stderr"

# 2. kustomize
PLUGIN_DIR=volsync-gen.io/v1alpha1/volsyncbackup
mkdir -p "$T/plugins/$PLUGIN_DIR" "$T/k"
ln -s "$BIN" "$T/plugins/$PLUGIN_DIR/VolSyncBackup"
split "$A/adopted.yaml" "$T/k"
printf 'resources: [resources.yaml]\ntransformers: [volsync.yaml]\n' >"$T/k/kustomization.yaml"
KUSTOMIZE_PLUGIN_HOME=$T/plugins kubectl kustomize --enable-alpha-plugins "$T/k" >"$T/k.out" 2>"$T/k.err" ||
  { cat "$T/k.err" >&2; fail "kubectl kustomize failed on adopt's output"; }
check "$T/k.out" media "ReplicationSource/sonarr=sonarr-restic ReplicationDestination/sonarr-restore=sonarr-restic \
ReplicationDestination/sonarr-2026-01-restore=sonarr-restic Secret/sonarr-restic=- Secret/minio-ca=-" \
  "VolSyncBackup/volsync" || fail "kustomize output"

# 3. kpt
P=$T/pkg && mkdir -p "$P"
cp "$T/k/resources.yaml" "$P/"
kpt fn eval "$P" --exec "$BIN" --fn-config "$T/k/volsync.yaml" >"$T/kpt.log" 2>&1 || { cat "$T/kpt.log" >&2; fail "kpt fn eval failed"; }
cat "$P"/*.yaml >"$T/kpt.out"
check "$T/kpt.out" media "ReplicationSource/sonarr=sonarr-restic ReplicationDestination/sonarr-restore=sonarr-restic \
Secret/sonarr-restic=-" "" || fail "kpt package"

# 4. the Flux component through kustomize, and a lossy input
F=$T/f && mkdir -p "$F"
"$BIN" adopt - <"$ROOT/tests/adopt/flux-component/radarr.yaml" >"$F/adopted.yaml" 2>"$F/err" ||
  { cat "$F/err" >&2; fail "adopt of the Flux component exited non-zero"; }
split "$F/adopted.yaml" "$F"
printf 'resources: [resources.yaml]\ntransformers: [volsync.yaml]\n' >"$F/kustomization.yaml"
KUSTOMIZE_PLUGIN_HOME=$T/plugins kubectl kustomize --enable-alpha-plugins "$F" >"$T/f.out" 2>"$T/f.err" ||
  { cat "$T/f.err" >&2; fail "kubectl kustomize failed on the Flux component's adoption"; }
check "$T/f.out" media "ReplicationSource/radarr=radarr-volsync-minio ReplicationSource/radarr-r2=radarr-volsync-r2 \
ReplicationDestination/radarr-bootstrap=radarr-volsync-minio" "" || fail "Flux component output"
cat >"$T/lossy.yaml" <<'Y'
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: apps}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: data-backup, namespace: apps}
spec: {sourcePVC: data, trigger: {manual: now}, restic: {repository: data-volsync-secret, copyMethod: Snapshot}}
Y
rc=0; "$BIN" adopt "$T/lossy.yaml" >/dev/null 2>"$T/lossy.err" || rc=$?
[[ $rc == 1 ]] || fail "a lossy adoption exited $rc, not 1"
grep -q "^LOSSY ReplicationSource apps/data-backup spec.trigger" "$T/lossy.err" || fail "the lossy difference is not named"

# 5. the kopia NFS fixture through kustomize
K=$T/kopia && mkdir -p "$K"
"$BIN" adopt "$ROOT/tests/adopt/kopia-nfs" >"$K/adopted.yaml" 2>"$K/err" ||
  { cat "$K/err" >&2; fail "adopt of the kopia fixture exited non-zero"; }
grep -q "do-not-print-me" "$K/err" && fail "adopt printed a kopia password on stderr"
grep -q "KopiaMaintenance volsync-system/volsync kept as yours" "$K/err" || fail "adopt did not say what becomes of the KopiaMaintenance"
split "$K/adopted.yaml" "$K"
printf 'resources: [resources.yaml]\ntransformers: [volsync.yaml]\n' >"$K/kustomization.yaml"
KUSTOMIZE_PLUGIN_HOME=$T/plugins kubectl kustomize --enable-alpha-plugins "$K" >"$T/kopia.out" 2>"$T/kopia.err" ||
  { cat "$T/kopia.err" >&2; fail "kubectl kustomize failed on the kopia fixture's adoption"; }
check "$T/kopia.out" media "ReplicationSource/bazarr=bazarr-volsync-secret ReplicationDestination/bazarr-dst=bazarr-volsync-secret" \
  "" || fail "kopia output (media)"
check "$T/kopia.out" downloads "ReplicationSource/prowlarr=prowlarr-volsync-secret \
ReplicationDestination/prowlarr-dst=prowlarr-volsync-secret" "" || fail "kopia output (downloads)"
python3 - "$T/kopia.out" <<'PY' || fail "kopia identity, volumes or maintenance"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
rd = next(d for d in docs if d["kind"] == "ReplicationDestination" and d["metadata"]["name"] == "bazarr-dst")
assert rd["spec"]["kopia"]["sourceIdentity"]["sourceName"] == "bazarr", rd["spec"]["kopia"]
rs = next(d for d in docs if d["kind"] == "ReplicationSource" and d["metadata"]["name"] == "bazarr")
assert rs["spec"]["kopia"]["moverVolumes"][0]["volumeSource"]["nfs"] == {"server": "nas.internal", "path": "/volsync"}
kms = [d["metadata"]["name"] for d in docs if d["kind"] == "KopiaMaintenance"]
assert kms == ["volsync"], kms
PY
echo "PASS"
