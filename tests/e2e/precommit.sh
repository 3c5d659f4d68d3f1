#!/usr/bin/env bash
# e2e: the pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit, offline.
#   1. A throwaway git repo whose .pre-commit-config.yaml is `repo: local` with the hook definitions
#      copied from .pre-commit-hooks.yaml (so the shipped definitions are what runs).
#   2. volsync-gen-lint: a bad file makes `git commit` fail with file:line in the output; a good
#      one commits. Skipped with a message when `volsync-gen lint --help` does not work.
#   3. volsync-gen-render-check: committing a PVC change without re-rendering fails with the
#      diff; after `volsync-gen render` and staging the output the commit passes.
#   4. `pre-commit try-repo` against a temporary git repo holding the hooks file (the way a user
#      tries the hook repository before pinning it).
# Usage: bash tests/e2e/precommit.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v pre-commit >/dev/null 2>&1 || { echo "SKIP: pre-commit not installed (Debian: apt-get install -y pre-commit)"; exit 77; }
command -v git >/dev/null 2>&1 || fail "git is required"

# Offline and self-contained: pre-commit's cache in the temp dir, the binary on PATH by its name.
export PRE_COMMIT_HOME=$T/cache
mkdir -p "$T/bin"
ln -s "$BIN" "$T/bin/volsync-gen"
export PATH=$T/bin:$PATH
export GIT_CONFIG_NOSYSTEM=1 HOME=$T/home
mkdir -p "$HOME"
git config --global user.name e2e
git config --global user.email e2e@example.invalid
git config --global commit.gpgsign false
git config --global init.defaultBranch main

LINT=1
if ! volsync-gen lint --help >/dev/null 2>&1; then
  echo "NOTE: \`volsync-gen lint --help\` does not work with this binary: skipping the lint hook checks"
  LINT=0
fi

REPO=$T/repo
mkdir -p "$REPO"
cd "$REPO"
git init -q

# .pre-commit-config.yaml: repo local, hooks as shipped, plus the consumer's own settings.
python3 - "$ROOT/.pre-commit-hooks.yaml" "$LINT" > .pre-commit-config.yaml <<'PY'
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
lint = sys.argv[2] == "1"
by_id = {h["id"]: dict(h) for h in hooks}
assert set(by_id) == {"volsync-gen-lint", "volsync-gen-render-check"}, by_id.keys()
out = []
if lint:
    h = by_id["volsync-gen-lint"]
    # The generator's source Secret has no RESTIC_REPOSITORY by design (spec.repository holds it).
    h["exclude"] = r"^(\.pre-commit-config\.yaml|volsync/source-secret\.yaml)$"
    out.append(h)
h = by_id["volsync-gen-render-check"]
h["args"] = [".", "--output", "clusters/volsync", "--allow-plaintext-secrets"]
out.append(h)
yaml.safe_dump({"repos": [{"repo": "local", "hooks": out}]}, sys.stdout, sort_keys=False)
PY
# pre-commit validates the config itself (schema of every hook key).
pre-commit validate-config .pre-commit-config.yaml >/dev/null || fail "pre-commit rejects the config built from .pre-commit-hooks.yaml"
pre-commit validate-manifest "$ROOT/.pre-commit-hooks.yaml" >/dev/null || fail "pre-commit rejects .pre-commit-hooks.yaml"
pre-commit install >/dev/null || fail "pre-commit install"

# The app and the generator config (render reads them; lint checks the rendered output).
mkdir -p apps/web volsync
cat > volsync/config.yaml <<'Y'
apiVersion: volsync-gen.io/v1alpha1
kind: VolSyncBackup
metadata:
  name: volsync
spec:
  repository: s3:http://minio.example:9000/backups
  credentials:
    secretName: volsync-base
Y
cat > volsync/source-secret.yaml <<'Y'
apiVersion: v1
kind: Secret
metadata:
  name: volsync-base
  namespace: volsync
  annotations:
    config.kubernetes.io/local-config: "true"
stringData:
  RESTIC_PASSWORD: e2e-password
  AWS_ACCESS_KEY_ID: e2e-key
  AWS_SECRET_ACCESS_KEY: e2e-secret
Y
pvc() {  # pvc NAME SIZE [LABEL]
  cat <<Y
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: $1
  namespace: web
  labels:
    ${3:-backup}: daily
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: $2
Y
}
pvc uploads 1Gi > apps/web/pvc.yaml
volsync-gen render . --output clusters/volsync --allow-plaintext-secrets -q || fail "initial render"
[[ -f clusters/volsync/volsync-web-uploads.yaml ]] || fail "render did not write the PVC file"
git add -A
git commit -qm "app, config, rendered output" >"$T/log" 2>&1 || { cat "$T/log" >&2; fail "first commit (fresh output) was rejected"; }
echo "ok: fresh rendered output commits"

# --- lint hook -------------------------------------------------------------------------------
if [[ $LINT == 1 ]]; then
  mkdir -p manual
  cat > manual/bad.yaml <<'Y'
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata:
  name: legacy
  namespace: web
spec:
  sourcePVC: legacy
  trigger:
    schedule: "0 3 * * *"
  restic:
    repository: legacy-restic
    copyMethod: Snapshott
    pruneIntervalDays: 7
    retain:
      daily: 7
Y
  git add manual/bad.yaml
  if git commit -qm "bad" >"$T/log" 2>&1; then cat "$T/log" >&2; fail "a commit with an invalid ReplicationSource passed"; fi
  grep -q "volsync-gen lint" "$T/log" || { cat "$T/log" >&2; fail "the lint hook did not run"; }
  grep -q "manual/bad.yaml:12: error" "$T/log" || { cat "$T/log" >&2; fail "lint message is not located (manual/bad.yaml:12)"; }
  grep -q "copyMethod" "$T/log" || { cat "$T/log" >&2; fail "lint message does not name the field"; }
  echo "ok: a bad file fails the commit with a located message"

  sed -i 's/Snapshott/Snapshot/' manual/bad.yaml
  git add manual/bad.yaml
  git commit -qm "fixed" >"$T/log" 2>&1 || { cat "$T/log" >&2; fail "the fixed file was rejected"; }
  echo "ok: a good file commits"

  # YAML that is no Kubernetes object (an Ansible playbook, a CI file) is skipped, never fails the hook.
  mkdir -p ansible .ci-files
  printf -- '- hosts: all\n  tasks:\n  - name: ping\n    ping: {}\n' > ansible/site.yml
  printf 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n' > .ci-files/build.yaml
  git add ansible .ci-files
  git commit -qm "playbook and CI file" >"$T/log" 2>&1 || { cat "$T/log" >&2; fail "a playbook or CI file failed the lint hook"; }
  echo "ok: a playbook and a CI file commit"

  # A mistyped VolSync apiVersion is an error, not skipped in silence.
  sed -i 's#volsync.backube/v1alpha1#volsync.backube/v1alpha2#' manual/bad.yaml
  git add manual/bad.yaml
  if git commit -qm "typo" >"$T/log" 2>&1; then cat "$T/log" >&2; fail "a ReplicationSource in volsync.backube/v1alpha2 passed"; fi
  grep -q "manual/bad.yaml:1: error volsync-unknown-version" "$T/log" || { cat "$T/log" >&2; fail "no volsync-unknown-version error"; }
  git checkout -q HEAD -- manual/bad.yaml
  echo "ok: an unknown volsync.backube version fails the commit"
fi

# --- render --check hook -----------------------------------------------------------------------
{ pvc uploads 5Gi; echo "---"; pvc media 2Gi; } > apps/web/pvc.yaml
git add apps/web/pvc.yaml
if git commit -qm "grow uploads, add media" >"$T/log" 2>&1; then cat "$T/log" >&2; fail "stale rendered output was committed"; fi
grep -q "volsync-gen render --check" "$T/log" || { cat "$T/log" >&2; fail "the render-check hook did not run"; }
grep -q "is stale" "$T/log" || { cat "$T/log" >&2; fail "no 'is stale' message"; }
grep -q "^+++ b/clusters/volsync/volsync-web-media.yaml" "$T/log" || { cat "$T/log" >&2; fail "no diff for the new PVC"; }
grep -q "^+    capacity: 5Gi" "$T/log" || { cat "$T/log" >&2; fail "no diff line for the changed capacity"; }
if grep -q "e2e-password\|ZTJlLXBhc3N3b3Jk" "$T/log"; then fail "a Secret value reached the hook output"; fi
echo "ok: stale rendered output fails the commit with a diff"

volsync-gen render . --output clusters/volsync --allow-plaintext-secrets -q || fail "re-render"
git add clusters/volsync
git commit -qm "grow uploads, add media" >"$T/log" 2>&1 || { cat "$T/log" >&2; fail "commit after re-render was rejected"; }
echo "ok: after re-rendering the commit passes"

# A PVC losing its label: its file must go too (render removes it, check insists).
{ pvc uploads 5Gi; echo "---"; pvc media 2Gi tier; } > apps/web/pvc.yaml
git add apps/web/pvc.yaml
if git commit -qm "stop backing up" >"$T/log" 2>&1; then cat "$T/log" >&2; fail "commit kept files of PVCs that lost their label"; fi
grep -q "remove volsync-web-media.yaml" "$T/log" || { cat "$T/log" >&2; fail "check did not ask to remove the file"; }
volsync-gen render . --output clusters/volsync --allow-plaintext-secrets -q
[[ ! -e clusters/volsync/volsync-web-media.yaml ]] || fail "render kept the file of an unlabelled PVC"
git add -A clusters/volsync
git commit -qm "stop backing up" >"$T/log" 2>&1 || { cat "$T/log" >&2; fail "commit after removal was rejected"; }
echo "ok: files of PVCs that lost their label are removed and the commit passes"

# --- try-repo: the hooks file as a hook repository ----------------------------------------------
HOOKS=$T/hookrepo
mkdir -p "$HOOKS"
cp "$ROOT/.pre-commit-hooks.yaml" "$HOOKS/"
git -C "$HOOKS" init -q
git -C "$HOOKS" add .pre-commit-hooks.yaml
git -C "$HOOKS" commit -qm hooks
if [[ $LINT == 1 ]]; then
  sed -i 's/copyMethod: Snapshot$/copyMethod: Bogus/' manual/bad.yaml
  if pre-commit try-repo "$HOOKS" volsync-gen-lint --files manual/bad.yaml >"$T/log" 2>&1; then
    cat "$T/log" >&2; fail "try-repo volsync-gen-lint passed a bad file"
  fi
  grep -q "manual/bad.yaml:12: error" "$T/log" || { cat "$T/log" >&2; fail "try-repo lint output is not located"; }
  git checkout -q manual/bad.yaml
  pre-commit try-repo "$HOOKS" volsync-gen-lint --files manual/bad.yaml >"$T/log" 2>&1 || { cat "$T/log" >&2; fail "try-repo lint rejected a good file"; }
fi
# render-check from the hook repository needs its args, so only the fresh case: no args = usage error.
if pre-commit try-repo "$HOOKS" volsync-gen-render-check --all-files >"$T/log" 2>&1; then
  cat "$T/log" >&2; fail "render-check without args should fail (it needs DIR --output OUTDIR)"
fi
grep -q "need DIR and --output OUTDIR" "$T/log" || { cat "$T/log" >&2; fail "render-check without args: unclear message"; }
echo "ok: pre-commit try-repo runs the hooks from a hook repository"
echo "PASS"
