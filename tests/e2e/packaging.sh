#!/usr/bin/env bash
# e2e: packaging, as far as it can be tested without Docker.
#   1. `make install` (the command its recipe runs, from `make -n`) with DESTDIR and PREFIX=/usr lays
#      out the binary, the man page and the bash completion.
#   2. The man page renders with `man -l` and groff reports no warnings (skipped without man/groff).
#   3. The bash completion loads: `complete -p volsync-gen`, and completes commands and options.
#   4. The Dockerfile's build stage, replayed: its COPY lines make the build context, its
#      `make static` runs there; the binary is static (`ldd`: not a dynamic executable) and runs
#      alone in an empty directory with an empty environment.
#   5. The Dockerfile agrees with the Makefile (`make static`, -DVG_STATIC=ON) and .ci/install-deps.
# Usage: bash tests/e2e/packaging.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail)
# The static build is kept in <build dir>/packaging-static (incremental on later runs).
set -euo pipefail

BIN=${1:?usage: packaging.sh /abs/path/to/volsync-gen}
fail() { echo "FAIL: $*" >&2; exit 1; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[[ -x $BIN ]] || fail "binary $BIN is not executable"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
BUILD=$(dirname "$BIN")
[[ -f $BUILD/CMakeCache.txt ]] || fail "$BUILD is not a CMake build directory"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$ROOT"

# --- 1. make install ---------------------------------------------------------------------------
STAGE=$T/stage
recipe=$(make -n install BUILD="$BUILD" DESTDIR="$STAGE" PREFIX=/usr | grep -- 'cmake --install') ||
  fail "make -n install shows no cmake --install"
[[ $recipe == "DESTDIR=$STAGE cmake --install $BUILD --prefix /usr" ]] || fail "unexpected install recipe: $recipe"
eval "$recipe" >"$T/install.log" 2>&1 || { cat "$T/install.log" >&2; fail "install failed"; }
for f in usr/bin/volsync-gen usr/share/man/man1/volsync-gen.1 usr/share/bash-completion/completions/volsync-gen; do
  [[ -f $STAGE/$f ]] || fail "make install did not install $f"
done
[[ -x $STAGE/usr/bin/volsync-gen ]] || fail "installed binary is not executable"
extra=$(cd "$STAGE" && find . -type f | sort | grep -v -e '^./usr/bin/volsync-gen$' -e '^./usr/share/man/man1/volsync-gen.1$' \
  -e '^./usr/share/bash-completion/completions/volsync-gen$' || true)
[[ -z $extra ]] || fail "make install installed unexpected files: $extra"
"$STAGE/usr/bin/volsync-gen" --version | grep -q '^volsync-gen ' || fail "installed binary does not run"
echo "ok: make install DESTDIR=... PREFIX=/usr lays out bin, man1 and bash-completion"

# --- 2. man page -------------------------------------------------------------------------------
MAN=$STAGE/usr/share/man/man1/volsync-gen.1
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  warnings=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1 || true)
  [[ -z $warnings ]] || fail "groff warnings in the man page: $warnings"
  MANWIDTH=80 man -l "$MAN" >"$T/man.txt" 2>"$T/man.err" || { cat "$T/man.err" >&2; fail "man -l failed"; }
  [[ ! -s $T/man.err ]] || { cat "$T/man.err" >&2; fail "man -l printed warnings"; }
  for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" FILES EXAMPLES; do
    grep -q "^$section" "$T/man.txt" || fail "man page has no $section section"
  done
  # Every render/lint option of --help is documented.
  for opt in $("$BIN" render --help | grep -oE -- '--[a-z-]+' | sort -u | grep -v -e '--help' -e '--dir'); do
    grep -q -- "${opt}" "$T/man.txt" || fail "man page does not document render $opt"
  done
  echo "ok: man -l renders the page without warnings"
else
  echo "SKIP (part): man/groff not installed (Debian: apt-get install -y man-db groff-base)"
fi

# --- 3. bash completion ------------------------------------------------------------------------
COMP=$STAGE/usr/share/bash-completion/completions/volsync-gen
out=$(bash -c "source '$COMP'; complete -p volsync-gen") || fail "completion does not load"
[[ $out == *"-F _volsync_gen volsync-gen"* ]] || fail "unexpected completion spec: $out"
complete_words() {  # complete_words WORD... : what completing the last word offers
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
           _volsync_gen; printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP" "$@"
}
complete_words volsync-gen re | grep -qx render || fail "completion does not offer render"
complete_words volsync-gen render . --ch | grep -qx -- --check || fail "completion does not offer render --check"
complete_words volsync-gen lint --format s | grep -qx sarif || fail "completion does not offer lint --format sarif"
echo "ok: bash completion loads and completes"

# --- 4. the Dockerfile's build stage, without Docker ---------------------------------------------
DF=$ROOT/Dockerfile
[[ -f $DF ]] || fail "no Dockerfile"
CTX=$BUILD/packaging-static/context
mkdir -p "$CTX"
# COPY lines of the build stage (not --from): sources into the context, relative to WORKDIR /src.
while read -r -a words; do
  [[ ${#words[@]} -ge 3 && ${words[0]} == COPY && ${words[1]} != --from=* ]] || continue
  n=${#words[@]}
  for ((i = 1; i < n - 1; i++)); do
    src=${words[i]%/}
    [[ -e $ROOT/$src ]] || fail "Dockerfile copies $src, which does not exist"
    mkdir -p "$CTX/$(dirname "$src")"
    rm -rf "${CTX:?}/$src"
    cp -a "$ROOT/$src" "$CTX/$src"  # -a keeps mtimes: later runs build incrementally
  done
done < <(sed -n '/^FROM .* AS build/,/^FROM /p' "$DF")
make_line=$(grep -E '^RUN make static' "$DF" | grep -oE 'make static[^&\\]*' | head -1) || fail "the Dockerfile does not run make static"
make_line=${make_line//STATIC_BUILD=\/build/STATIC_BUILD=$BUILD/packaging-static/build}
make_line=$(echo "$make_line" | sed 's/ *$//')
# The Makefile's default BUILD_TYPE is used in the image; here the existing build's type keeps the
# test about linking, not optimizer warnings.
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
(cd "$CTX" && $make_line BUILD_TYPE="${type:-RelWithDebInfo}" JOBS="$(nproc)" >"$T/static.log" 2>&1) ||
  { tail -30 "$T/static.log" >&2; fail "the Dockerfile's build (in a context made of its COPY lines) failed: $make_line"; }
SBIN=$BUILD/packaging-static/build/volsync-gen
[[ -x $SBIN ]] || fail "make static produced no binary"
ldd_out=$(ldd "$SBIN" 2>&1 || true)
[[ $ldd_out == *"not a dynamic executable"* || $ldd_out == *"statically linked"* ]] || fail "static binary is dynamic: $ldd_out"
ALONE=$T/alone
mkdir -p "$ALONE"
cp "$SBIN" "$ALONE/volsync-gen"
strip "$ALONE/volsync-gen" 2>/dev/null || true
cat > "$T/stream.yaml" <<'Y'
apiVersion: volsync-gen.io/v1alpha1
kind: VolSyncBackup
metadata:
  name: volsync
spec:
  repository: s3:http://minio.example:9000/backups
  credentials:
    secretName: volsync-base
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: apps
  labels:
    backup: daily
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Secret
metadata:
  name: volsync-base
  namespace: apps
stringData:
  RESTIC_PASSWORD: x
  AWS_ACCESS_KEY_ID: a
  AWS_SECRET_ACCESS_KEY: b
Y
(cd "$ALONE" && env -i ./volsync-gen --version) | grep -q '^volsync-gen ' || fail "static binary does not run alone"
(cd "$ALONE" && env -i ./volsync-gen render - --output out --allow-plaintext-secrets -q <"$T/stream.yaml") ||
  fail "static binary cannot render alone"
[[ -f $ALONE/out/volsync-apps-data.yaml ]] || fail "static binary wrote no output"
size=$(stat -c %s "$ALONE/volsync-gen")
echo "ok: Dockerfile build stage replayed: static binary ($((size / 1024)) KiB stripped), ldd: $ldd_out; runs alone"

# --- 5. Dockerfile vs Makefile vs .ci/install-deps -----------------------------------------------
grep -q '^FROM debian:12 AS build' "$DF" || fail "build stage is not debian:12"
grep -qE '^FROM (gcr.io/distroless/static|scratch)' "$DF" || fail "runtime stage is not distroless/static or scratch"
grep -qE '^USER (nobody|65534)' "$DF" || fail "the image does not run as nobody"
grep -q '^ENTRYPOINT \["/usr/local/bin/volsync-gen"\]' "$DF" || fail "the binary is not the entrypoint"
grep -q 'COPY --from=build /build/volsync-gen' "$DF" || fail "runtime stage does not copy the static binary"
static_recipe=$(make -n static STATIC_BUILD=/x | grep -- '-DVG_STATIC=ON') || fail "make static does not set -DVG_STATIC=ON"
[[ $static_recipe == *"-DVG_TESTS=OFF"* ]] || fail "make static builds the tests"
grep -q 'option(VG_STATIC' CMakeLists.txt || fail "CMakeLists has no VG_STATIC option"
pkgs=$(sed -n '/apt-get install/,/rm -rf/p' "$DF" | tr ' \\' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' |
       grep -v -e '^apt-get$' -e '^install$' -e '^rm$' -e '^y$' -e '^qq$' || true)
[[ -n $pkgs ]] || fail "no packages found in the Dockerfile"
for p in $pkgs; do
  grep -qw -- "$p" .ci/install-deps || fail "Dockerfile installs $p, which .ci/install-deps does not"
done
for p in g++ cmake make pkg-config libyaml-cpp-dev libcxxopts-dev libyaml-dev libre2-dev; do
  grep -qw -- "$p" <<<"$pkgs" || fail "Dockerfile does not install $p (a build dependency in .ci/install-deps)"
done
echo "ok: Dockerfile matches the Makefile (make static, -DVG_STATIC=ON) and .ci/install-deps"
echo "PASS"
