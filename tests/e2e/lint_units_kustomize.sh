#!/usr/bin/env bash
# e2e: lint's units agree with the real kubectl kustomize. For each kustomization tree of
# testdata/lint-units, `volsync-gen lint DIR` (units: the kustomization's namespace, resources,
# nested kustomizations) must report the same cross-object findings, about the same objects in the
# same namespaces, as `kubectl kustomize DIR | volsync-gen lint -` (what the cluster receives). And
# the multi-app tree, linted as the repository it is, has no repository-shared finding, while its
# files linted without their kustomizations pair the three restic-config Secrets as before.
# Usage: bash tests/e2e/lint_units_kustomize.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl not installed"; exit 77; }

CASES=$ROOT/testdata/lint-units
# findings FILE: "rule kind namespace/name" per cross-object finding (the unit suffix left out)
findings() {
  python3 - "$1" <<'PY'
import json, sys
seen = set()
for f in json.load(open(sys.argv[1])):
    r = f.get("resource", {})
    if f["rule"] in ("not-kubernetes",):
        continue
    seen.add("%s %s %s/%s" % (f["rule"], r.get("kind", ""), r.get("namespace", ""), r.get("name", "")))
print("\n".join(sorted(seen)))
PY
}

n=0
for dir in multi-app/apps unrelated-folders/demo-a unrelated-folders/demo-b destination-pvc-populated \
           privileged-movers near-name/external-secret flux/apps/other; do
  kubectl kustomize "$CASES/$dir" >"$T/built.yaml" 2>"$T/kustomize.err" || fail "$dir: kubectl kustomize failed: $(cat "$T/kustomize.err")"
  (cd "$CASES" && "$BIN" lint --format json "$dir" >"$T/tree.json" 2>/dev/null) || true
  "$BIN" lint --format json - <"$T/built.yaml" >"$T/built.json" 2>/dev/null || true
  tree=$(findings "$T/tree.json")
  built=$(findings "$T/built.json")
  [[ "$tree" == "$built" ]] || fail "$dir: lint of the tree and of kubectl kustomize's output differ
tree:
$tree
kubectl kustomize:
$built"
  n=$((n + 1))
done

# The issue's case: no repository-shared in the multi-app repository; its files alone still pair.
(cd "$CASES" && "$BIN" lint --format json multi-app >"$T/multi.json" 2>/dev/null) || fail "multi-app: lint failed"
[[ -z $(findings "$T/multi.json") ]] || fail "multi-app: findings: $(findings "$T/multi.json")"
(cd "$CASES" && "$BIN" lint --format json multi-app/apps/*/secret.yaml multi-app/apps/*/volsync.yaml >"$T/loose.json" 2>/dev/null) || true
[[ $(findings "$T/loose.json" | grep -c '^repository-shared ') == 3 ]] || fail "loose files: expected 3 repository-shared:
$(findings "$T/loose.json")"

echo "PASS: $n kustomization trees lint as kubectl kustomize builds them"
