#!/usr/bin/env bash
# e2e: the Argo CD Config Management Plugin in examples/argocd, run the way argocd-cmp-server runs it
# (Argo CD itself cannot run here; this re-implements what the sidecar does, per
# docs/operator-manual/config-management-plugins.md and cmpserver/plugin/plugin.go):
#   - plugin.yaml is parsed (PyYAML); init and generate are `command[0] command[1:]+args`, run with
#     cwd = the app directory inside a private copy of the repository (files 0644, dirs 0755),
#     stdin = /dev/null, env = the sidecar's env + ARGOCD_APP_* + ARGOCD_ENV_<name> (plugin env of
#     examples/argocd/application.yaml, envsubst'ed) + ARGOCD_APP_PARAMETERS + PARAM_<NAME>
#     (+ PARAM_<NAME>_<i> for arrays); only stdout is the manifest stream.
#   1. discover.fileName matches the example app; init succeeds.
#   2. generate prints a plain YAML stream (no ResourceList/List) with the user's objects and a
#      Secret/RD/RS for the labelled PVC, none for the other, no source Secret, no local-config or
#      kustomize bookkeeping annotations; the Application's env/parameter overrides are applied
#      (parameters over env over the config file); sync waves Secret -2, RD -1, RS 1, PVC untouched.
#   3. A bad value (PARAM_SCHEDULE) and an unknown VOLSYNC_ env fail: non-zero exit, volsync-gen's
#      message naming the variable on stderr, no objects on stdout.
#   4. The parameter argocdSyncWaves=false removes the wave annotations.
#   5. A plain directory (no kustomization.yaml) is rendered too; other ARGOCD_ENV_* are ignored.
#   6. Without volsync-gen on PATH, init fails with a readable message.
#   7. The repo-server sidecar patch and the plugin ConfigMap of examples/argocd/kustomization.yaml
#      build with kubectl kustomize against a stub argocd-repo-server (the real install is remote).
# Needs python3 + PyYAML and kubectl (kustomize is used instead when installed).
# Usage: bash tests/e2e/argocd_cmp.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

BIN=${1:?usage: argocd_cmp.sh /abs/path/to/volsync-gen}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -x $BIN ]] || fail "binary $BIN is not executable"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: PyYAML not installed (Debian: python3-yaml)"; exit 77; }
if ! command -v kustomize >/dev/null 2>&1 && ! command -v kubectl >/dev/null 2>&1; then
  echo "SKIP: neither kustomize nor kubectl installed"; exit 77
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
EX=$ROOT/examples/argocd

# The sidecar: volsync-gen on PATH next to the system tools (bash, kubectl/kustomize, coreutils).
mkdir -p "$T/sidecar-bin" "$T/nobin" "$T/home"
ln -s "$BIN" "$T/sidecar-bin/volsync-gen"
SYS_PATH=$(dirname "$(command -v bash)")
for t in kubectl kustomize; do
  if p=$(command -v $t); then SYS_PATH=$SYS_PATH:$(dirname "$p"); fi
done
SYS_PATH=$SYS_PATH:/usr/local/bin:/usr/bin:/bin

cat >"$T/cmp.py" <<'PY'
"""A re-implementation of argocd-cmp-server's command execution, for tests only."""
import glob, json, os, re, shutil, stat, string, subprocess, sys, yaml

def load_plugin(path):
    p = yaml.safe_load(open(path))
    assert p["apiVersion"] == "argoproj.io/v1alpha1" and p["kind"] == "ConfigManagementPlugin", "not a CMP"
    assert p["metadata"]["name"], "metadata.name is required"
    assert p["spec"]["generate"]["command"], "spec.generate command should be non-empty"
    return p

def argv(cmd):  # Command: command[0] with command[1:] + args
    return list(cmd["command"]) + list(cmd.get("args") or [])

def copy_repo(src_app, workdir, app_path):
    """The repository tarball as the sidecar unpacks it: regular files 0644, dirs 0755."""
    dst = os.path.join(workdir, app_path)
    shutil.copytree(src_app, dst)
    for d, dirs, files in os.walk(workdir):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    return dst

def sanitize(name):
    return re.sub(r"[^A-Z0-9_]", "_", name.upper())

def argo_env(app, sidecar_env, extra_env=(), extra_params=()):
    """Environment of init/generate: sidecar env + build env + plugin env + parameters."""
    spec = app["spec"]
    src = spec["source"]
    plugin = src.get("plugin") or {}
    rev = "0123456789abcdef0123456789abcdef01234567"
    build = {
        "ARGOCD_APP_NAME": app["metadata"]["name"],
        "ARGOCD_APP_NAMESPACE": spec["destination"]["namespace"],
        "ARGOCD_APP_PROJECT_NAME": spec.get("project", "default"),
        "ARGOCD_APP_REVISION": rev,
        "ARGOCD_APP_REVISION_SHORT": rev[:7],
        "ARGOCD_APP_REVISION_SHORT_8": rev[:8],
        "ARGOCD_APP_SOURCE_PATH": src["path"],
        "ARGOCD_APP_SOURCE_REPO_URL": src["repoURL"],
        "ARGOCD_APP_SOURCE_TARGET_REVISION": src.get("targetRevision", "HEAD"),
        "KUBE_VERSION": "1.32.4",
        "KUBE_API_VERSIONS": "v1,apps/v1,volsync.backube/v1alpha1",
    }
    env = dict(sidecar_env)
    env.update(build)
    for e in list(plugin.get("env") or []) + [{"name": n, "value": v} for n, v in extra_env]:
        env["ARGOCD_ENV_" + e["name"]] = string.Template(e["value"]).safe_substitute(build)
    params = list(plugin.get("parameters") or []) + [{"name": n, "string": v} for n, v in extra_params]
    env["ARGOCD_APP_PARAMETERS"] = json.dumps(params) if params else "null"
    for p in params:
        name = "PARAM_" + sanitize(p["name"])
        if "array" in p:
            for i, v in enumerate(p["array"]):
                env[f"{name}_{i}"] = v
        elif "map" in p:
            for k, v in p["map"].items():
                env[f"{name}_{sanitize(k)}"] = v
        else:
            env[name] = p.get("string", "")
    return env

def run(cmd, cwd, env):
    r = subprocess.run(argv(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=90)
    return r.returncode, r.stdout.decode(), r.stderr.decode()

def discover(plugin, app_dir):
    d = plugin["spec"].get("discover") or {}
    if "fileName" in d:
        return bool(glob.glob(os.path.join(app_dir, d["fileName"])))
    raise SystemExit("the example uses discover.fileName")

if __name__ == "__main__":
    # cmp.py PLUGIN APP_SRC APPLICATION WORKDIR PATH_ENV OUT ERR [--env N=V]... [--param N=V]... [--no-init]
    plugin_path, app_src, application, workdir, path_env, out, err = sys.argv[1:8]
    extra_env, extra_params, do_init = [], [], True
    rest = sys.argv[8:]
    while rest:
        flag = rest.pop(0)
        if flag == "--no-init":
            do_init = False
            continue
        n, v = rest.pop(0).split("=", 1)
        (extra_env if flag == "--env" else extra_params).append((n, v))
    plugin = load_plugin(plugin_path)
    app = yaml.safe_load(open(application))
    cwd = copy_repo(app_src, workdir, app["spec"]["source"]["path"])
    if not discover(plugin, cwd):
        print("discover: the plugin does not match the app directory", file=sys.stderr)
        sys.exit(3)
    sidecar = {"PATH": path_env, "HOME": os.environ["CMP_HOME"], "TMPDIR": os.environ["CMP_TMP"]}
    env = argo_env(app, sidecar, extra_env, extra_params)
    json.dump({k: v for k, v in env.items() if k.startswith(("ARGOCD_", "PARAM_"))},
              open(out + ".env.json", "w"), indent=1, sort_keys=True)
    if do_init and plugin["spec"].get("init"):
        rc, _, e = run(plugin["spec"]["init"], cwd, env)  # init output is ignored
        if rc != 0:
            open(err, "w").write(e)
            print(f"init failed with exit status {rc}", file=sys.stderr)
            sys.exit(4)
    rc, o, e = run(plugin["spec"]["generate"], cwd, env)
    open(out, "w").write(o)
    open(err, "w").write(e)
    sys.exit(rc)
PY

# render NAME [cmp.py flags...]: sets RC; stdout in $T/NAME.out, stderr in $T/NAME.err
render() {
  local name=$1; shift
  local app=${APP_SRC:-$EX/app} path=${CMP_PATH:-$T/sidecar-bin:$SYS_PATH}
  mkdir -p "$T/$name.tmp"
  RC=0
  CMP_HOME=$T/home CMP_TMP=$T/$name.tmp python3 "$T/cmp.py" "$EX/plugin.yaml" "$app" "$EX/application.yaml" \
    "$T/$name.work" "$path" "$T/$name.out" "$T/$name.err" "$@" || RC=$?
  # kubectl leaves its temporary plugin config behind on failure; nothing of ours may remain.
  if compgen -G "$T/$name.tmp/tmp.*" >/dev/null; then fail "$name: the plugin left temporary files behind"; fi
}

# check_stream FILE: Argo CD's view of the output (NewYAMLOrJSONDecoder, no List unpacking)
check_stream() {
  python3 - "$1" <<'PY' || fail "$1: not a plain manifest stream"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
assert docs, "no objects"
for d in docs:
    assert isinstance(d, dict), f"not an object: {d!r}"[:200]
    assert d.get("apiVersion") and d.get("kind") and (d.get("metadata") or {}).get("name"), f"not a Kubernetes object: {d}"[:300]
    assert d["kind"] not in ("ResourceList", "List"), f"{d['kind']} in the stream: Argo CD does not unwrap lists"
PY
}

# --- 1 + 2: the example Application ------------------------------------------------------------
render main
[[ $RC -eq 0 ]] || { cat "$T/main.err" >&2; fail "generate failed (exit $RC)"; }
check_stream "$T/main.out"
python3 - "$T/main.out" "$EX/app/gitea.yaml" "$T/main.out.env.json" <<'PY' || fail "generated objects wrong (above)"
import json, sys, yaml
out, orig_path, env_path = sys.argv[1:4]
docs = [d for d in yaml.safe_load_all(open(out)) if d]
orig = [d for d in yaml.safe_load_all(open(orig_path)) if d]
env = json.load(open(env_path))
errors = []
def err(m): errors.append(m)
def key(d): return (d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"])
by = {key(d): d for d in docs}
# the Application's values reached the plugin the way Argo CD passes them
for k, v in {"ARGOCD_ENV_VOLSYNC_SCHEDULE": "30 2 * * *", "ARGOCD_ENV_VOLSYNC_PRUNE_INTERVAL_DAYS": "14",
             "PARAM_PRUNEINTERVALDAYS": "10", "PARAM_RETAIN": "daily=14,weekly=8",
             "PARAM_CACHEACCESSMODES_0": "ReadWriteOnce", "ARGOCD_APP_NAME": "gitea"}.items():
    if env.get(k) != v: err(f"environment {k}={env.get(k)!r}, expected {v!r}")
for o in orig:
    if by.get(key(o)) != o: err(f"user object {key(o)} changed or missing")
if len(docs) != len(orig) + 3: err(f"{len(docs)} objects, expected {len(orig)} + Secret/RD/RS: {sorted(by)}")
if any(d["kind"] == "Secret" and d["metadata"]["name"] == "volsync-credentials" for d in docs):
    err("the source Secret reached the output")
for d in docs:
    for k in (d["metadata"].get("annotations") or {}):
        if k == "config.kubernetes.io/local-config" or k.startswith(("internal.config.kubernetes.io/", "config.kubernetes.io/", "kustomize.config.k8s.io/")):
            err(f"{key(d)}: bookkeeping annotation {k} in the output")
s = by.get(("Secret", "gitea", "gitea-data-volsync-secret"))
rd = by.get(("ReplicationDestination", "gitea", "gitea-data-restore"))
rs = by.get(("ReplicationSource", "gitea", "gitea-data-backup"))
if not (s and rd and rs): err(f"generated objects missing: {sorted(by)}")
else:
    r = rs["spec"]["restic"]
    if rs["spec"]["trigger"].get("schedule") != "30 2 * * *": err(f"schedule {rs['spec']['trigger']} (env VOLSYNC_SCHEDULE not applied)")
    if r.get("pruneIntervalDays") != 10: err(f"pruneIntervalDays {r.get('pruneIntervalDays')} (parameter must win over env 14 and file 7)")
    if r.get("retain") != {"daily": 14, "weekly": 8}: err(f"retain {r.get('retain')} (parameter retain not applied)")
    if r.get("cacheAccessModes") != ["ReadWriteOnce"]: err(f"cacheAccessModes {r.get('cacheAccessModes')} (array parameter)")
    if r.get("storageClassName") != "longhorn": err("file setting storageClassName lost")
    waves = {k: (o["metadata"].get("annotations") or {}).get("argocd.argoproj.io/sync-wave") for k, o in (("Secret", s), ("RD", rd), ("RS", rs))}
    if waves != {"Secret": "-2", "RD": "-1", "RS": "1"}: err(f"sync waves {waves}")
for d in docs:
    if d["kind"] == "PersistentVolumeClaim" and "argocd.argoproj.io/sync-wave" in (d["metadata"].get("annotations") or {}):
        err(f"{key(d)}: the user's PVC got a sync wave")
if any(d["metadata"]["name"].startswith("gitea-cache-") for d in docs): err("objects generated for the unlabelled PVC")
for e in errors: print("  " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
echo "ok: generate renders the example Application (env/parameter overrides, sync waves)"

# --- 3: failing renders -------------------------------------------------------------------------
no_objects() {  # FILE: nothing Argo CD could apply
  python3 -c 'import sys,yaml; sys.exit(1 if [d for d in yaml.safe_load_all(open(sys.argv[1])) if d] else 0)' "$1"
}
render badparam --param schedule="every day"
[[ $RC -ne 0 ]] || fail "bad PARAM_SCHEDULE: exit 0"
grep -q 'environment PARAM_SCHEDULE' "$T/badparam.err" || { cat "$T/badparam.err" >&2; fail "bad PARAM_SCHEDULE: stderr does not name the variable"; }
grep -q 'schedule must have exactly 5 fields' "$T/badparam.err" || fail "bad PARAM_SCHEDULE: volsync-gen's message missing"
no_objects "$T/badparam.out" || fail "bad PARAM_SCHEDULE: objects on stdout"
render unknownenv --env VOLSYNC_SCHEDUEL="0 1 * * *"
[[ $RC -ne 0 ]] || fail "unknown VOLSYNC_SCHEDUEL: exit 0"
grep -q 'ARGOCD_ENV_VOLSYNC_SCHEDUEL' "$T/unknownenv.err" || { cat "$T/unknownenv.err" >&2; fail "unknown env: not named"; }
grep -q 'did you mean ARGOCD_ENV_VOLSYNC_SCHEDULE' "$T/unknownenv.err" || fail "unknown env: no suggestion"
no_objects "$T/unknownenv.out" || fail "unknown env: objects on stdout"
echo "ok: bad parameter and unknown env fail with the message on stderr and nothing on stdout"

# --- 4: waves off --------------------------------------------------------------------------------
render nowaves --param argocdSyncWaves=false
[[ $RC -eq 0 ]] || { cat "$T/nowaves.err" >&2; fail "argocdSyncWaves=false: exit $RC"; }
check_stream "$T/nowaves.out"
if grep -q 'argocd.argoproj.io/sync-wave' "$T/nowaves.out"; then fail "argocdSyncWaves=false: waves still set"; fi
grep -q 'kind: ReplicationSource' "$T/nowaves.out" || fail "argocdSyncWaves=false: no ReplicationSource"
echo "ok: parameter argocdSyncWaves=false disables the waves"

# --- 5: plain directory ---------------------------------------------------------------------------
mkdir -p "$T/plain"
cp "$EX/app/gitea.yaml" "$EX/app/volsync-config.yaml" "$T/plain/"
cat >"$T/plain/volsync-credentials.yaml" <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: volsync-credentials
  namespace: volsync-system
stringData:
  RESTIC_PASSWORD: test-password
  AWS_ACCESS_KEY_ID: TESTKEY
  AWS_SECRET_ACCESS_KEY: test-secret
EOF
echo "# not a manifest" >"$T/plain/README.md"
APP_SRC=$T/plain render plain --env LOG_LEVEL=debug
[[ $RC -eq 0 ]] || { cat "$T/plain.err" >&2; fail "plain directory: exit $RC"; }
check_stream "$T/plain.out"
for k in 'kind: ReplicationSource' 'kind: ReplicationDestination' 'name: gitea-data-volsync-secret' 'kind: Deployment'; do
  grep -q "$k" "$T/plain.out" || fail "plain directory: '$k' missing"
done
if grep -q 'name: volsync-credentials$' "$T/plain.out"; then fail "plain directory: source Secret in the output"; fi
echo "ok: a plain directory renders; other ARGOCD_ENV_* variables are ignored"

# --- 6: no binary ---------------------------------------------------------------------------------
CMP_PATH=$T/nobin:$SYS_PATH render nobin
[[ $RC -ne 0 ]] || fail "without volsync-gen: exit 0"
grep -q 'volsync-gen is not on the PATH' "$T/nobin.err" || { cat "$T/nobin.err" >&2; fail "without volsync-gen: no message"; }
echo "ok: init fails readably without the binary"

# --- 7: install overlay ---------------------------------------------------------------------------
if command -v kubectl >/dev/null 2>&1; then
  mkdir -p "$T/install"
  cp "$EX"/{plugin.yaml,repo-server-cmp-patch.yaml,argocd-cm-health.yaml} "$T/install/"
  cat >"$T/install/stub.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: argocd-repo-server}
  template:
    metadata:
      labels: {app.kubernetes.io/name: argocd-repo-server}
    spec:
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v2.13.3
      volumes:
        - name: var-files
          emptyDir: {}
        - name: plugins
          emptyDir: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
data:
  url: https://argocd.example.com
EOF
  python3 - "$EX/kustomization.yaml" "$T/install/kustomization.yaml" <<'PY'
import sys, yaml
k = yaml.safe_load(open(sys.argv[1]))
assert [r for r in k["resources"] if r.startswith("https://")], "the example installs the upstream manifests"
k["resources"] = ["stub.yaml"]  # offline stand-in for the remote install.yaml
yaml.safe_dump(k, open(sys.argv[2], "w"))
PY
  kubectl kustomize "$T/install" >"$T/install.out" 2>"$T/install.err" || { cat "$T/install.err" >&2; fail "install overlay does not build"; }
  python3 - "$T/install.out" "$EX/plugin.yaml" <<'PY' || fail "install overlay wrong (above)"
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
errors = []
cm = by.get(("ConfigMap", "volsync-gen-cmp-plugin"))
if not cm or cm["data"].get("plugin.yaml") != open(sys.argv[2]).read(): errors.append("plugin ConfigMap missing or not plugin.yaml")
pod = by[("Deployment", "argocd-repo-server")]["spec"]["template"]["spec"]
side = {c["name"]: c for c in pod["containers"]}.get("volsync-gen")
if not side: errors.append("no volsync-gen sidecar")
else:
    if side["command"] != ["/var/run/argocd/argocd-cmp-server"]: errors.append("sidecar does not run argocd-cmp-server")
    if side["securityContext"].get("runAsUser") != 999: errors.append("sidecar must run as uid 999")
    mounts = {m["mountPath"]: m for m in side["volumeMounts"]}
    for path in ("/var/run/argocd", "/home/argocd/cmp-server/plugins", "/tmp", "/usr/local/bin/volsync-gen"):
        if path not in mounts: errors.append(f"sidecar lacks mount {path}")
    pm = mounts.get("/home/argocd/cmp-server/config/plugin.yaml")
    if not pm or pm.get("subPath") != "plugin.yaml" or pm["name"] != "volsync-gen-cmp-plugin": errors.append("plugin.yaml mount wrong")
vols = {v["name"]: v for v in pod["volumes"]}
for v in ("var-files", "plugins", "volsync-gen-tools", "volsync-gen-cmp-tmp", "volsync-gen-cmp-plugin"):
    if v not in vols: errors.append(f"volume {v} missing")
if vols.get("volsync-gen-cmp-plugin", {}).get("configMap", {}).get("name") != "volsync-gen-cmp-plugin": errors.append("plugin volume not the ConfigMap")
init = {c["name"]: c for c in pod.get("initContainers") or []}.get("install-volsync-gen")
if not init or not any(m["name"] == "volsync-gen-tools" for m in init["volumeMounts"]): errors.append("init container missing")
argocd_cm = by.get(("ConfigMap", "argocd-cm"))
if not argocd_cm or argocd_cm["data"].get("url") != "https://argocd.example.com" or \
        "resource.customizations.health.volsync.backube_ReplicationSource" not in argocd_cm["data"]:
    errors.append("argocd-cm health patch not merged into the existing ConfigMap")
for e in errors: print("  " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
  echo "ok: the install overlay adds the sidecar, the plugin ConfigMap and the health checks"
fi
echo "PASS: argocd_cmp"
