#!/usr/bin/env bash
# e2e: `kpt fn eval` on a copy of examples/kpt.
#   1. VolSyncBackup config (--fn-config): generated files/objects next to each labelled PVC,
#      Secret data, repository paths, RS/RD fields, source Secret kept with local-config "true".
#   2. A second eval changes nothing (git status clean after committing run 1).
#   3. Removing the backup label from a PVC drops its generated file; the others stay unchanged.
#   4. ConfigMap form: `kpt fn eval PKG --exec BIN -- secretName=... repository=...`.
# Usage: bash tests/e2e/kpt_eval.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }

PKG=$T/pkg
BASE=s3:http://192.168.10.133:30292/volsync-backup
cp -r "$ROOT/examples/kpt" "$PKG"
git_() { git -C "$PKG" -c user.name=e2e -c user.email=e2e@example.invalid -c commit.gpgsign=false "$@"; }
git_ init -q
git_ add -A && git_ commit -qm "example package"

run_eval() {  # run_eval LOG ARGS...
  local log=$1; shift
  if ! kpt fn eval "$@" >"$log" 2>&1; then cat "$log" >&2; fail "kpt fn eval $* exited non-zero"; fi
}

# Checks the package after an eval. Args: pkg dir, base repository, "ns/pvc,..." expected to be
# backed up, "ns/pvc,..." expected NOT to be, "full" if the VolSyncBackup settings apply.
check_pkg() {
  python3 - "$@" <<'PY'
import base64, os, sys, yaml
pkg, base, want, unwanted, mode = sys.argv[1:6]
want = [w.split("/") for w in want.split(",") if w]
unwanted = [w.split("/") for w in unwanted.split(",") if w]
errors = []
def err(m): errors.append(m)

objs = []  # (relpath, doc)
for d, _, files in os.walk(pkg):
    if "/.git" in d or d.endswith(".git"): continue
    for f in files:
        if not f.endswith((".yaml", ".yml")) and f != "Kptfile": continue
        p = os.path.join(d, f)
        rel = os.path.relpath(p, pkg)
        with open(p) as fh:
            for doc in yaml.safe_load_all(fh):
                if doc is not None: objs.append((rel, doc))

def ident(o): 
    m = o.get("metadata", {})
    return (o.get("apiVersion"), o.get("kind"), m.get("namespace", ""), m.get("name"))
seen = {}
for rel, o in objs:
    i = ident(o)
    if i in seen: err(f"duplicate object {i} in {seen[i]} and {rel}")
    seen[i] = rel
    ann = (o.get("metadata") or {}).get("annotations") or {}
    for k in ann:
        if k.startswith(("internal.config.kubernetes.io/", "config.kubernetes.io/path", "config.kubernetes.io/index", "config.k8s.io/id")):
            err(f"{rel}: orchestrator annotation {k} leaked into the file")

def find(kind, ns, name, api=None):
    for rel, o in objs:
        m = o.get("metadata", {})
        if o.get("kind") == kind and m.get("namespace", "") == ns and m.get("name") == name and (api is None or o.get("apiVersion") == api):
            return rel, o
    return None, None

# source Secret: still in its own file, marked local-config, values untouched
rel, src = find("Secret", "volsync-system", "volsync-credentials")
if src is None:
    err("source Secret volsync-system/volsync-credentials is gone")
else:
    if rel != "volsync-credentials.yaml": err(f"source Secret moved to {rel}")
    ann = src["metadata"].get("annotations") or {}
    if ann.get("config.kubernetes.io/local-config") != "true":
        err(f"source Secret lacks config.kubernetes.io/local-config: \"true\" (annotations: {ann})")
    with open(os.path.join(pkg, "volsync-credentials.yaml")) as fh:
        if not fh.readline().startswith("# Source Secret"): err("the comment at the top of volsync-credentials.yaml was lost")
srcvals = (src or {}).get("stringData", {})

for ns, pvc in want:
    prel, p = find("PersistentVolumeClaim", ns, pvc, "v1")
    if p is None:
        err(f"PVC {ns}/{pvc} missing"); continue
    expected_file = os.path.join(os.path.dirname(prel), f"volsync-{ns}.{pvc}.yaml")
    secret_name = f"{pvc}-volsync-secret"
    gen = {}
    for kind, api, name in (("Secret", "v1", secret_name),
                            ("ReplicationSource", "volsync.backube/v1alpha1", f"{pvc}-backup"),
                            ("ReplicationDestination", "volsync.backube/v1alpha1", f"{pvc}-restore")):
        rel, o = find(kind, ns, name, api)
        if o is None:
            err(f"{kind} {ns}/{name} was not generated"); continue
        gen[kind] = o
        if rel != expected_file: err(f"{kind} {ns}/{name} is in {rel}, expected {expected_file}")
        ann = o["metadata"].get("annotations") or {}
        if ann.get("volsync-gen.io/source-pvc") != pvc:
            err(f"{kind} {ns}/{name}: annotation volsync-gen.io/source-pvc is {ann.get('volsync-gen.io/source-pvc')!r}, expected {pvc!r}")
        if ann.get("config.kubernetes.io/local-config") == "true":
            err(f"{kind} {ns}/{name} is marked local-config")
    # the generated file holds exactly these three objects
    in_file = sorted(o["kind"] for rel, o in objs if rel == expected_file)
    if in_file != ["ReplicationDestination", "ReplicationSource", "Secret"]:
        err(f"{expected_file} holds {in_file}")
    s, rs, rd = gen.get("Secret"), gen.get("ReplicationSource"), gen.get("ReplicationDestination")
    if s:
        data = s.get("data") or {}
        if set(data) != {"RESTIC_REPOSITORY", "RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}:
            err(f"Secret {ns}/{secret_name} data keys: {sorted(data)}")
        dec = {k: base64.b64decode(v).decode() for k, v in data.items()}
        if dec.get("RESTIC_REPOSITORY") != f"{base}/{ns}/{pvc}":
            err(f"Secret {ns}/{secret_name}: RESTIC_REPOSITORY decodes to {dec.get('RESTIC_REPOSITORY')!r}, expected {base}/{ns}/{pvc}")
        for k in ("RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            if dec.get(k) != srcvals.get(k): err(f"Secret {ns}/{secret_name}: {k} does not match the source Secret")
    if rs:
        spec = rs.get("spec", {})
        if spec.get("sourcePVC") != pvc: err(f"RS {ns}/{pvc}-backup: sourcePVC {spec.get('sourcePVC')!r}")
        if spec.get("restic", {}).get("repository") != secret_name: err(f"RS {ns}/{pvc}-backup: restic.repository {spec.get('restic', {}).get('repository')!r}, expected {secret_name}")
        sched = str(spec.get("trigger", {}).get("schedule", ""))
        if len(sched.split()) != 5: err(f"RS {ns}/{pvc}-backup: trigger.schedule {sched!r} is not a 5-field cron")
        if mode == "full":
            r = spec["restic"]
            if r.get("retain") != {"hourly": 24, "daily": 7, "weekly": 4}: err(f"RS {ns}/{pvc}-backup: retain {r.get('retain')}")
            if r.get("volumeSnapshotClassName") != "longhorn-snapclass": err(f"RS {ns}/{pvc}-backup: volumeSnapshotClassName {r.get('volumeSnapshotClassName')!r}")
    if rd:
        spec = rd.get("spec", {})
        if not spec.get("trigger", {}).get("manual"): err(f"RD {ns}/{pvc}-restore: trigger.manual missing")
        r = spec.get("restic", {})
        if r.get("repository") != secret_name: err(f"RD {ns}/{pvc}-restore: restic.repository {r.get('repository')!r}")
        if r.get("accessModes") != p["spec"]["accessModes"]: err(f"RD {ns}/{pvc}-restore: accessModes {r.get('accessModes')} != PVC {p['spec']['accessModes']}")
        if r.get("capacity") != p["spec"]["resources"]["requests"]["storage"]: err(f"RD {ns}/{pvc}-restore: capacity {r.get('capacity')!r}")
    # only labelled PVCs
for ns, pvc in unwanted:
    for kind, name in (("Secret", f"{pvc}-volsync-secret"), ("ReplicationSource", f"{pvc}-backup"), ("ReplicationDestination", f"{pvc}-restore")):
        rel, o = find(kind, ns, name)
        if o is not None: err(f"{kind} {ns}/{name} generated for a PVC that is not selected (in {rel})")
    if os.path.exists(os.path.join(pkg, ns, f"volsync-{ns}.{pvc}.yaml")): err(f"{ns}/volsync-{ns}.{pvc}.yaml exists")
if errors:
    print("\n".join("  - " + e for e in errors), file=sys.stderr); sys.exit(1)
PY
}

# --- 1. first eval with the VolSyncBackup config ------------------------------------------
run_eval "$T/eval1.log" "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml"
check_pkg "$PKG" "$BASE" nextcloud/nextcloud-data,gitea/gitea-data gitea/gitea-cache full \
  || fail "eval 1: generated package is wrong (see above)"
status=$(git_ status --porcelain)
expected=$(printf '%s\n' ' M volsync-credentials.yaml' '?? gitea/volsync-gitea.gitea-data.yaml' '?? nextcloud/volsync-nextcloud.nextcloud-data.yaml')
[[ $status == "$expected" ]] || fail "eval 1: unexpected changes (only the source Secret and two new files expected):
$status
$(git_ diff)"
# the only change to the source Secret is the local-config annotation
diff_src=$(git_ diff -U0 volsync-credentials.yaml | grep '^[-+][^-+]' || true)
[[ $diff_src == $'+  annotations:\n+    config.kubernetes.io/local-config: "true"' ]] \
  || fail "eval 1: unexpected diff of volsync-credentials.yaml:
$diff_src"
git_ add -A && git_ commit -qm "eval 1"

# --- 2. second eval: nothing changes --------------------------------------------------------
run_eval "$T/eval2.log" "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml"
status=$(git_ status --porcelain)
[[ -z $status ]] || fail "eval 2 is not idempotent:
$status
$(git_ diff)"

# --- 3. unlabel gitea-data: its generated file goes, nextcloud stays ------------------------
grep -q '^    backup: daily$' "$PKG/gitea/pvc.yaml" || fail "examples/kpt/gitea/pvc.yaml has no 'backup: daily' label line"
sed -i '/^    backup: daily$/d' "$PKG/gitea/pvc.yaml"
git_ commit -qam "drop backup label from gitea-data"
run_eval "$T/eval3.log" "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml"
status=$(git_ status --porcelain)
[[ $status == ' D gitea/volsync-gitea.gitea-data.yaml' ]] || fail "eval 3 (label removed): expected only gitea/volsync-gitea.gitea-data.yaml deleted, got:
$status
$(git_ diff)"
check_pkg "$PKG" "$BASE" nextcloud/nextcloud-data gitea/gitea-data,gitea/gitea-cache full \
  || fail "eval 3: package is wrong after removing the label (see above)"

# --- 4. ConfigMap form (key=value arguments) --------------------------------------------------
PKG2=$T/pkg2
cp -r "$ROOT/examples/kpt" "$PKG2"
run_eval "$T/eval4.log" "$PKG2" --exec "$BIN" -- secretName=volsync-credentials "repository=$BASE"
check_pkg "$PKG2" "$BASE" nextcloud/nextcloud-data,gitea/gitea-data gitea/gitea-cache configmap \
  || fail "ConfigMap form (-- secretName=... repository=...): generated package is wrong (see above)"
# and it is idempotent too
sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(sum "$PKG2")
run_eval "$T/eval5.log" "$PKG2" --exec "$BIN" -- secretName=volsync-credentials "repository=$BASE"
[[ $(sum "$PKG2") == "$before" ]] || fail "ConfigMap form: second eval changed files"

echo "PASS: kpt fn eval (VolSyncBackup config, re-run, label removal, ConfigMap form)"
