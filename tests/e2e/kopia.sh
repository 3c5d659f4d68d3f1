#!/usr/bin/env bash
# e2e: the Kopia mover (issue 15) through the real clients, on a copy of examples/kopia.
#   1. kpt fn eval --exec: per labelled PVC a Secret (KOPIA_REPOSITORY, KOPIA_PASSWORD, the S3
#      location keys), a kopia ReplicationSource per repository, a kopia ReplicationDestination whose
#      sourceIdentity is the primary ReplicationSource; one KopiaMaintenance per repository and
#      namespace with the NFS moverVolume; none for the unlabelled PVC. A second eval changes nothing.
#   2. kubectl kustomize --enable-alpha-plugins: the same objects, and no source Secret.
# Usage: bash tests/e2e/kopia.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kpt >/dev/null 2>&1 || { echo "SKIP: kpt not installed"; exit 77; }
command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl not installed"; exit 77; }

# check DIR_OR_FILE MODE: the generated kopia objects (MODE kpt: a package dir; kustomize: a stream)
check() {
  python3 - "$@" <<'PY'
import base64, os, sys, yaml
where, mode = sys.argv[1:3]
docs = []
if mode == "kpt":
    for d, _, files in os.walk(where):
        if ".git" in d.split(os.sep): continue
        for f in files:
            if f.endswith(".yaml"):
                docs += [x for x in yaml.safe_load_all(open(os.path.join(d, f))) if x]
else:
    docs = [x for x in yaml.safe_load_all(open(where)) if x]
errors = []
def err(m): errors.append(m)
docs = [d for d in docs if isinstance(d, dict) and "metadata" in d]
by = {(d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"]): d for d in docs}
def get(kind, ns, name):
    o = by.get((kind, ns, name))
    if o is None: err(f"missing {kind} {ns}/{name}")
    return o or {}
for ns, pvc in (("media", "config"), ("media", "library"), ("home", "db")):
    for repo, location in (("nas", "filesystem:///mnt/repository"), ("s3", "s3://homelab-kopia/cluster/")):
        s = get("Secret", ns, f"{pvc}-volsync-{repo}")
        data = {k: base64.b64decode(v).decode() for k, v in (s.get("data") or {}).items()}
        if data.get("KOPIA_REPOSITORY") != location: err(f"{ns}/{pvc} {repo}: KOPIA_REPOSITORY {data.get('KOPIA_REPOSITORY')!r}")
        if data.get("KOPIA_PASSWORD") != "example-kopia-password-change-me": err(f"{ns}/{pvc} {repo}: KOPIA_PASSWORD not copied")
        if repo == "s3" and (data.get("KOPIA_S3_ENDPOINT") != "s3.eu-central-1.amazonaws.com" or data.get("AWS_REGION") != "eu-central-1"):
            err(f"{ns}/{pvc}: S3 location keys {sorted(data)}")
        rs = get("ReplicationSource", ns, f"{pvc}-backup-{repo}")
        k = (rs.get("spec") or {}).get("kopia") or {}
        if "restic" in (rs.get("spec") or {}): err(f"{ns}/{pvc} {repo}: a restic section")
        if k.get("repository") != f"{pvc}-volsync-{repo}": err(f"{ns}/{pvc} {repo}: kopia.repository {k.get('repository')!r}")
        want_retain = {"hourly": 24, "daily": 7, "weekly": 4, "monthly": 24, "yearly": 3, "latest": 10} if repo == "nas" else \
                      {"hourly": 48, "daily": 14, "weekly": 8, "monthly": 24, "yearly": 3, "latest": 10}
        if k.get("retain") != want_retain: err(f"{ns}/{pvc} {repo}: retain {k.get('retain')}")
        if k.get("parallelism") != 2: err(f"{ns}/{pvc} {repo}: parallelism {k.get('parallelism')}")
        if k.get("compression") != ("zstd" if pvc == "library" else "zstd-fastest"): err(f"{ns}/{pvc}: compression {k.get('compression')}")
        if (repo == "nas") != bool(k.get("moverVolumes")): err(f"{ns}/{pvc} {repo}: moverVolumes {k.get('moverVolumes')}")
    rd = get("ReplicationDestination", ns, f"{pvc}-restore")
    ident = ((rd.get("spec") or {}).get("kopia") or {}).get("sourceIdentity")
    if ident != {"sourceName": f"{pvc}-backup-nas", "sourceNamespace": ns}: err(f"{ns}/{pvc}: sourceIdentity {ident}")
for ns, first in (("media", "config"), ("home", "db")):
    for repo in ("nas", "s3"):
        m = get("KopiaMaintenance", ns, f"kopia-maintenance-{repo}")
        spec = m.get("spec") or {}
        if (spec.get("repository") or {}).get("repository") != f"{first}-volsync-{repo}": err(f"{ns} {repo}: maintenance repository {spec.get('repository')}")
        if (repo == "nas") != bool(spec.get("moverVolumes")): err(f"{ns} {repo}: maintenance moverVolumes {spec.get('moverVolumes')}")
        if len(((spec.get("trigger") or {}).get("schedule") or "").split()) != 5: err(f"{ns} {repo}: maintenance schedule {spec.get('trigger')}")
if sum(1 for d in docs if d["kind"] == "KopiaMaintenance") != 4: err("not one KopiaMaintenance per repository and namespace")
if any(key[2].startswith("scratch-") for key in by): err("objects for the unlabelled PVC scratch")
if mode == "kustomize" and ("Secret", "volsync-system", "kopia-credentials") in by: err("the source Secret is in the build output")
if errors:
    print("\n".join(errors)); sys.exit(1)
PY
}

# 1. kpt fn eval
PKG=$T/pkg
cp -r "$ROOT/examples/kopia" "$PKG"
git_() { git -C "$PKG" -c user.name=e2e -c user.email=e2e@example.invalid -c commit.gpgsign=false "$@"; }
git_ init -q && git_ add -A && git_ commit -qm "example package"
kpt fn eval "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml" >"$T/eval1.log" 2>&1 || { cat "$T/eval1.log" >&2; fail "kpt fn eval exited non-zero"; }
check "$PKG" kpt || fail "kpt fn eval: generated kopia objects"
git_ add -A && git_ commit -qm "generated"
kpt fn eval "$PKG" --exec "$BIN" --fn-config "$PKG/volsync-config.yaml" >"$T/eval2.log" 2>&1 || { cat "$T/eval2.log" >&2; fail "second kpt fn eval exited non-zero"; }
[[ -z $(git_ status --porcelain) ]] || { git_ status --porcelain >&2; git_ diff >&2; fail "a second kpt fn eval changed the package"; }

# 2. kubectl kustomize --enable-alpha-plugins
PLUGIN_DIR=volsync-gen.io/v1alpha1/volsyncbackup
mkdir -p "$T/plugins/$PLUGIN_DIR"
ln -s "$BIN" "$T/plugins/$PLUGIN_DIR/VolSyncBackup"
KUSTOMIZE_PLUGIN_HOME=$T/plugins kubectl kustomize --enable-alpha-plugins "$ROOT/examples/kopia" >"$T/build.yaml" 2>"$T/build.err" ||
  { cat "$T/build.err" >&2; fail "kubectl kustomize exited non-zero"; }
check "$T/build.yaml" kustomize || fail "kubectl kustomize: generated kopia objects"

echo "PASS: kopia mover through kpt fn eval (and its re-run) and kubectl kustomize --enable-alpha-plugins"
