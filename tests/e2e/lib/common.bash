# Shared set-up of the e2e scripts (sourced; not a test itself: CMake runs tests/e2e/*.sh only).
# e2e_init "$@" sets BIN (absolute path of the binary, from $1), ROOT (repository root), T (a temp
# dir removed on exit) and fail(); it requires python3 with PyYAML, which the checks use.
fail() { echo "FAIL: $*" >&2; exit 1; }

e2e_init() {
  BIN=${1:?usage: $(basename "$0") /abs/path/to/volsync-gen}
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
  [[ -x $BIN ]] || fail "binary $BIN is not executable"
  BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
  python3 -c 'import yaml' 2>/dev/null || fail "python3 with PyYAML is required (Debian: python3-yaml)"
  T=$(mktemp -d)
  trap 'rm -rf "$T"' EXIT
}
