#!/usr/bin/env bash
# e2e: `kubectl kustomize --enable-alpha-plugins` with volsync-gen as a legacy exec plugin
# (transformers: [volsync-config.yaml], binary at
# $KUSTOMIZE_PLUGIN_HOME/volsync-gen.io/v1alpha1/volsyncbackup/VolSyncBackup), on examples/kustomize.
#   1. Output: Secret/RS/RD per labelled PVC in the PVC's namespace, none for the unlabelled PVC,
#      NO source Secret (the plugin marks it local-config and kustomize drops it: verified by
#      recording the plugin's raw output), original resources intact, no annotations leaked.
#   2. secretGenerator without disableNameSuffixHash, the source Secret as a plain resource, and
#      that resource already marked local-config all work too (kustomize still hands it to the plugin).
#   3. A config with an unknown field fails the build with volsync-gen's message on stderr.
#   4. credentials.byNamespace: each namespace's Secret from its own source Secret (a glob and the
#      fallback), no source Secret in the output; a missing per-namespace Secret fails the build.
# Usage: bash tests/e2e/kubectl_kustomize.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl not installed"; exit 77; }

PLUGIN_DIR=volsync-gen.io/v1alpha1/volsyncbackup
mkdir -p "$T/plugins/$PLUGIN_DIR" "$T/spy/$PLUGIN_DIR"
ln -s "$BIN" "$T/plugins/$PLUGIN_DIR/VolSyncBackup"
# A recording plugin: same binary, but keeps argv, stdin and stdout for inspection.
cat >"$T/spy/$PLUGIN_DIR/VolSyncBackup" <<SPY
#!/usr/bin/env bash
set -o pipefail
printf '%s\n' "\$@" >"$T/spy-argv.txt"
cp "\$1" "$T/spy-config.yaml"   # kustomize deletes its temporary config file afterwards
tee "$T/spy-stdin.yaml" | "$BIN" "\$@" | tee "$T/spy-stdout.yaml"
SPY
chmod +x "$T/spy/$PLUGIN_DIR/VolSyncBackup"

build() {  # build PLUGIN_HOME DIR OUT ERR: returns kubectl's exit code
  local rc=0
  KUSTOMIZE_PLUGIN_HOME=$1 kubectl kustomize --enable-alpha-plugins "$2" >"$3" 2>"$4" || rc=$?
  return $rc
}

# check_build OUT APPS_YAML: the kustomize output against the example's resources
check_build() {
  python3 - "$@" <<'PY'
import base64, sys, yaml
out, apps = sys.argv[1:3]
docs = [d for d in yaml.safe_load_all(open(out)) if d is not None]
orig = [d for d in yaml.safe_load_all(open(apps)) if d is not None]
errors = []
def err(m): errors.append(m)
def key(d): return (d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"])
by = {}
for d in docs:
    if key(d) in by: err(f"duplicate {key(d)}")
    by[key(d)] = d
# originals intact (kustomize only reorders keys, which dict comparison ignores)
for o in orig:
    if by.get(key(o)) != o: err(f"original resource {key(o)} changed or missing:\n  got  {by.get(key(o))}\n  want {o}")
# no source Secret, nothing local-config, no orchestrator annotations
if any(d["kind"] == "Secret" and d["metadata"]["name"].startswith("volsync-credentials") for d in docs):
    err("the source Secret volsync-credentials is in the build output")
for d in docs:
    for k, v in (d["metadata"].get("annotations") or {}).items():
        if k == "config.kubernetes.io/local-config" or k.startswith(("internal.config.kubernetes.io/", "config.kubernetes.io/", "config.k8s.io/", "kustomize.config.k8s.io/")):
            err(f"{key(d)}: annotation {k}={v!r} in the output")
base = "s3:http://192.168.10.133:30292/volsync-backup"
generated = set()
for ns, pvc in (("nextcloud", "nextcloud-data"), ("gitea", "gitea-data")):
    p = by[("PersistentVolumeClaim", ns, pvc)]
    s = by.get(("Secret", ns, f"{pvc}-volsync-secret"))
    rs = by.get(("ReplicationSource", ns, f"{pvc}-backup"))
    rd = by.get(("ReplicationDestination", ns, f"{pvc}-restore"))
    for name, o in (("Secret", s), ("ReplicationSource", rs), ("ReplicationDestination", rd)):
        if o is None: err(f"{name} for {ns}/{pvc} missing (namespace must be the PVC's)"); continue
        generated.add(key(o))
        if (o["metadata"].get("annotations") or {}).get("volsync-gen.io/source-pvc") != pvc:
            err(f"{key(o)}: volsync-gen.io/source-pvc annotation wrong")
    if s:
        data = {k: base64.b64decode(v).decode() for k, v in (s.get("data") or {}).items()}
        if data.get("RESTIC_REPOSITORY") != f"{base}/{ns}/{pvc}": err(f"{key(s)}: RESTIC_REPOSITORY {data.get('RESTIC_REPOSITORY')!r}")
        if data.get("RESTIC_PASSWORD") != "example-restic-password-change-me": err(f"{key(s)}: RESTIC_PASSWORD not copied from the source Secret")
        if set(data) != {"RESTIC_REPOSITORY", "RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}: err(f"{key(s)}: keys {sorted(data)}")
    if rs:
        if rs["spec"].get("sourcePVC") != pvc or rs["spec"]["restic"].get("repository") != f"{pvc}-volsync-secret":
            err(f"{key(rs)}: sourcePVC/restic.repository wrong: {rs['spec']}")
    if rd:
        r = rd["spec"]["restic"]
        if r.get("repository") != f"{pvc}-volsync-secret" or not rd["spec"].get("trigger", {}).get("manual"):
            err(f"{key(rd)}: restic.repository/trigger.manual wrong: {rd['spec']}")
        if r.get("capacity") != p["spec"]["resources"]["requests"]["storage"] or r.get("accessModes") != p["spec"]["accessModes"]:
            err(f"{key(rd)}: capacity/accessModes not copied from the PVC")
extra = set(by) - generated - {key(o) for o in orig}
if extra: err(f"unexpected objects in the output: {sorted(extra)}")   # e.g. anything for gitea-cache
if errors:
    print("\n".join("  - " + e for e in errors), file=sys.stderr); sys.exit(1)
PY
}

# --- 1. the example as is ------------------------------------------------------------------------
cp -r "$ROOT/examples/kustomize" "$T/k"
build "$T/plugins" "$T/k" "$T/out1.yaml" "$T/err1.txt" || { cat "$T/err1.txt" >&2; fail "kubectl kustomize failed on examples/kustomize"; }
check_build "$T/out1.yaml" "$T/k/apps.yaml" || fail "examples/kustomize: build output is wrong (see above)"

# The plugin itself did emit the source Secret, marked local-config; kustomize dropped it.
build "$T/spy" "$T/k" "$T/out1b.yaml" "$T/err1b.txt" || { cat "$T/err1b.txt" >&2; fail "kubectl kustomize failed with the recording plugin"; }
cmp -s "$T/out1.yaml" "$T/out1b.yaml" || fail "recording plugin changed the build output"
python3 - "$T/spy-stdout.yaml" <<'PY' || fail "legacy plugin output: source Secret not passed through with local-config \"true\""
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
src = [d for d in docs if d["kind"] == "Secret" and d["metadata"]["name"] == "volsync-credentials"]
assert len(src) == 1, f"source Secret in plugin output: {len(src)} times"
assert src[0]["metadata"]["annotations"].get("config.kubernetes.io/local-config") == "true", src[0]["metadata"]
PY
grep -q '^kind: VolSyncBackup$' "$T/spy-config.yaml" || fail "plugin argv[1] ($(head -1 "$T/spy-argv.txt")) did not hold the VolSyncBackup config"

# --- 2a. secretGenerator with the hash suffix left on ------------------------------------------
cp -r "$ROOT/examples/kustomize" "$T/k-hash"
python3 - "$T/k-hash/kustomization.yaml" <<'PY'
import sys, yaml
k = yaml.safe_load(open(sys.argv[1]))
for g in k["secretGenerator"]: g.pop("options", None)
yaml.safe_dump(k, open(sys.argv[1], "w"))
PY
build "$T/spy" "$T/k-hash" "$T/out2.yaml" "$T/err2.txt" || { cat "$T/err2.txt" >&2; fail "kubectl kustomize failed with secretGenerator without disableNameSuffixHash"; }
check_build "$T/out2.yaml" "$T/k-hash/apps.yaml" || fail "secretGenerator with hash suffix: build output is wrong (see above)"
seen=$(python3 - "$T/spy-stdin.yaml" <<'PY'
import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d["kind"] == "Secret":
        a = d["metadata"].get("annotations") or {}
        print(d["metadata"]["name"], a.get("internal.config.kubernetes.io/needsHashSuffix", "-"))
PY
)
echo "info: with the hash suffix enabled the transformer saw the generated Secret as: $seen (name, needsHashSuffix)"

# --- 2b. source Secret as a plain resource ---------------------------------------------------------
cp -r "$ROOT/examples/kustomize" "$T/k-plain"
cat >"$T/k-plain/volsync-credentials.yaml" <<'YAML'
apiVersion: v1
kind: Secret
metadata:
  name: volsync-credentials
  namespace: volsync-system
type: Opaque
stringData:
  RESTIC_PASSWORD: example-restic-password-change-me
  AWS_ACCESS_KEY_ID: EXAMPLEACCESSKEY
  AWS_SECRET_ACCESS_KEY: example-secret-key-change-me
YAML
cat >"$T/k-plain/kustomization.yaml" <<'YAML'
resources: [apps.yaml, volsync-credentials.yaml]
transformers: [volsync-config.yaml]
YAML
build "$T/plugins" "$T/k-plain" "$T/out3.yaml" "$T/err3.txt" || { cat "$T/err3.txt" >&2; fail "kubectl kustomize failed with the source Secret as a plain resource"; }
check_build "$T/out3.yaml" "$T/k-plain/apps.yaml" || fail "source Secret as a resource: build output is wrong (see above)"

# --- 2c. source Secret already marked local-config (docs/pre-commit.md: so that lint leaves it alone) --
cp -r "$T/k-plain" "$T/k-marked"
sed -i 's|^  namespace: volsync-system$|  namespace: volsync-system\n  annotations:\n    config.kubernetes.io/local-config: "true"|' \
  "$T/k-marked/volsync-credentials.yaml"
grep -q 'local-config: "true"' "$T/k-marked/volsync-credentials.yaml" || fail "could not mark the source Secret"
build "$T/plugins" "$T/k-marked" "$T/out3b.yaml" "$T/err3b.txt" || { cat "$T/err3b.txt" >&2; fail "kubectl kustomize failed with a pre-marked source Secret"; }
check_build "$T/out3b.yaml" "$T/k-marked/apps.yaml" || fail "pre-marked source Secret: the transformer must still see it (see above)"

# --- 3. broken config: unknown field -----------------------------------------------------------------
cp -r "$ROOT/examples/kustomize" "$T/k-bad"
sed -i 's/^  retain:$/  retian:/' "$T/k-bad/volsync-config.yaml"
grep -q '^  retian:$' "$T/k-bad/volsync-config.yaml" || fail "could not break volsync-config.yaml"
if build "$T/plugins" "$T/k-bad" "$T/out4.yaml" "$T/err4.txt"; then
  fail "kubectl kustomize succeeded with an unknown config field (spec.retian)"
fi
err=$(cat "$T/err4.txt")
[[ $err == *'volsync-gen'*'unknown field "retian"'* ]] || fail "build error lacks volsync-gen's message:
$err"
[[ $err == *'did you mean "retain"'* ]] || fail "build error lacks the hint:
$err"
[[ ! -s $T/out4.yaml ]] || fail "failed build still printed resources"

# --- 4. per-namespace credentials (credentials.byNamespace, issue 17) ---------------------------------
# gitea gets its own source Secret; nextcloud falls back to volsync-credentials. Neither source Secret
# reaches the output, and each namespace's Secret holds its own key only.
cp -r "$ROOT/examples/kustomize" "$T/k-ns"
printf 'RESTIC_PASSWORD=gitea-password\nAWS_ACCESS_KEY_ID=GITEAKEY\nAWS_SECRET_ACCESS_KEY=gitea-secret\n' \
  >"$T/k-ns/volsync-credentials-gitea.env"
python3 - "$T/k-ns/kustomization.yaml" "$T/k-ns/volsync-config.yaml" <<'PY'
import sys, yaml
k = yaml.safe_load(open(sys.argv[1]))
k["secretGenerator"].append({"name": "volsync-credentials-gitea", "namespace": "volsync-system",
                             "envs": ["volsync-credentials-gitea.env"], "options": {"disableNameSuffixHash": True}})
yaml.safe_dump(k, open(sys.argv[1], "w"))
c = yaml.safe_load(open(sys.argv[2]))
c["spec"]["credentials"]["byNamespace"] = {"gite?": "volsync-credentials-gitea"}
yaml.safe_dump(c, open(sys.argv[2], "w"))
PY
build "$T/plugins" "$T/k-ns" "$T/out5.yaml" "$T/err5.txt" || { cat "$T/err5.txt" >&2; fail "kubectl kustomize failed with credentials.byNamespace"; }
python3 - "$T/out5.yaml" <<'PY' || fail "credentials.byNamespace: build output is wrong (see above)"
import base64, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
secrets = {(d["metadata"].get("namespace"), d["metadata"]["name"]): d for d in docs if d["kind"] == "Secret"}
assert not any(n.startswith("volsync-credentials") for _, n in secrets), f"a source Secret is in the output: {sorted(secrets)}"
def key_id(ns, pvc):
    d = secrets[(ns, f"{pvc}-volsync-secret")]["data"]
    return base64.b64decode(d["AWS_ACCESS_KEY_ID"]).decode(), base64.b64decode(d["RESTIC_PASSWORD"]).decode()
assert key_id("gitea", "gitea-data") == ("GITEAKEY", "gitea-password"), key_id("gitea", "gitea-data")
assert key_id("nextcloud", "nextcloud-data") == ("EXAMPLEACCESSKEY", "example-restic-password-change-me"), key_id("nextcloud", "nextcloud-data")
PY
# The per-namespace Secret missing: the build fails naming it and the namespace.
sed -i 's/volsync-credentials-gitea$/volsync-credentials-gitea-missing/' "$T/k-ns/volsync-config.yaml"
grep -q 'volsync-credentials-gitea-missing' "$T/k-ns/volsync-config.yaml" || fail "could not rename the per-namespace Secret"
if build "$T/plugins" "$T/k-ns" "$T/out6.yaml" "$T/err6.txt"; then
  fail "kubectl kustomize succeeded without the per-namespace source Secret"
fi
err=$(cat "$T/err6.txt")
[[ $err == *'source Secret volsync-credentials-gitea-missing'*'namespace gitea'* ]] || fail "build error does not name the missing per-namespace Secret and its namespace:
$err"
[[ $err != *'gitea-password'* && $err != *'GITEAKEY'* ]] || fail "build error prints a secret value:
$err"
[[ ! -s $T/out6.yaml ]] || fail "failed build still printed resources"

echo "PASS: kubectl kustomize with the legacy exec plugin (output, local-config source Secret dropped, secretGenerator/resource forms, config error, per-namespace credentials)"
