#!/usr/bin/env bash
# The benchmark: `make bench` or bench/run.sh. Prints a markdown table.
#
# For N = 10, 100, 1000, 10000 selected PVCs (bench/make_input.py; N=10000 is ~44 MB) it measures,
# side by side on the same input: volsync-gen, the floor (bench/libyaml_floor.c: libyaml event
# parse + emit, no tree) and a yaml-cpp DOM round trip (bench/yamlcpp_roundtrip.cc). Then
# `kpt fn eval --exec` with `cat` vs with volsync-gen on a 1000-PVC kpt package: the function's share
# of a real client's time.
#
# Wall time: median of hyperfine runs (10 runs, 5 when a run takes over 2 s, 3 over 10 s; one warm-up),
# or of a plain loop when hyperfine is missing. Peak RSS: /usr/bin/time -f %M of one more run.
# MB/s = input bytes / median wall (MB = 10^6 bytes).
#
# Environment: BENCH_NS="10 100 1000 10000", BENCH_KPT_N=1000 (0 skips kpt), BENCH_BUILD=build-bench,
# BENCH_BUILD_TYPE=Release, BENCH_SKIP_YAMLCPP_ABOVE=10000 (yaml-cpp needs ~1.8 GB at N=10000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${BENCH_BUILD:-build-bench}
ns=${BENCH_NS:-10 100 1000 10000}
kpt_n=${BENCH_KPT_N:-1000}
yamlcpp_max=${BENCH_SKIP_YAMLCPP_ABOVE:-10000}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: $1 is missing ($2)" >&2; exit 1; }; }
need cmake "apt-get install cmake"
need cc "apt-get install gcc"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

# --- build ----------------------------------------------------------------------------------------
build_type=${BENCH_BUILD_TYPE:-Release}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="$build_type" -DVG_TESTS=OFF >/dev/null
if ! cmake --build "$build" -j "$(nproc)" --target volsync-gen >"$build/bench-build.log" 2>&1; then
  [ "$build_type" = Release ] || { tail -n 20 "$build/bench-build.log" >&2; exit 1; }
  echo "bench: the Release build failed (see $build/bench-build.log); measuring RelWithDebInfo (-O2)" >&2
  build_type=RelWithDebInfo
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="$build_type" -DVG_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target volsync-gen >/dev/null
fi
vg=$root/$build/volsync-gen
cc -O2 -Wall -Wextra -Werror -o "$build/libyaml_floor" bench/libyaml_floor.c -lyaml
c++ -O2 -std=c++20 -Wall -Wextra -Werror -o "$build/yamlcpp_roundtrip" bench/yamlcpp_roundtrip.cc -lyaml-cpp
floor=$root/$build/libyaml_floor
ycpp=$root/$build/yamlcpp_roundtrip

# --- inputs (cached: make_input.py is deterministic) ----------------------------------------------
inputs=$build/bench-inputs
mkdir -p "$inputs"
for n in $ns; do
  [ -s "$inputs/in$n.yaml" ] || "$python" bench/make_input.py "$n" > "$inputs/in$n.yaml"
done

# --- measurement ----------------------------------------------------------------------------------
# median_ms CMD...: prints the median wall time in ms of a shell command (stdout discarded by CMD).
median_ms() {
  local cmd=$1
  local t0 t1 first
  t0=$(date +%s%N); bash -c "$cmd"; t1=$(date +%s%N)
  first=$(( (t1 - t0) / 1000000 ))
  local runs=10
  if [ "$first" -gt 10000 ]; then runs=3; elif [ "$first" -gt 2000 ]; then runs=5; fi
  if command -v hyperfine >/dev/null 2>&1; then
    local json
    json=$(mktemp)
    hyperfine --style none --warmup 0 --runs "$runs" --export-json "$json" "$cmd" >/dev/null 2>&1
    "$python" -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$json"
    rm -f "$json"
  else
    local ts=()
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N); bash -c "$cmd"; t1=$(date +%s%N)
      ts+=("$(( (t1 - t0) / 1000 ))")
    done
    printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
  fi
}

peak_kib() { /usr/bin/time -f %M bash -c "$1" 2>&1 >/dev/null | tail -n 1; }

declare -A MS RSS BYTES
row() {  # row NAME N CMD
  local name=$1 n=$2 cmd=$3
  MS[$name,$n]=$(median_ms "$cmd")
  RSS[$name,$n]=$(peak_kib "exec $cmd")
  echo "  $name N=$n: ${MS[$name,$n]} ms, $(( ${RSS[$name,$n]} / 1024 )) MiB" >&2
}

for n in $ns; do
  in=$inputs/in$n.yaml
  BYTES[$n]=$(stat -c %s "$in")
  # volsync-gen must succeed: a failing run would be fast for the wrong reason.
  "$vg" < "$in" > /dev/null 2> "$build/bench-vg-$n.err" || { echo "bench: volsync-gen failed on N=$n:" >&2; head -n 5 "$build/bench-vg-$n.err" >&2; exit 1; }
  row volsync-gen "$n" "$vg < $in > /dev/null 2>/dev/null"
  row libyaml-floor "$n" "$floor < $in > /dev/null"
  if [ "$n" -le "$yamlcpp_max" ]; then row yaml-cpp "$n" "$ycpp < $in > /dev/null"; fi
done

# lint of what the function wrote (the CI / pre-commit use): every generated object is read and checked.
lint_ns=""
for n in $ns; do
  [ "$n" -ge 1000 ] || continue
  "$vg" < "$inputs/in$n.yaml" > "$inputs/out$n.yaml" 2>/dev/null
  BYTES[out,$n]=$(stat -c %s "$inputs/out$n.yaml")
  row lint "$n" "$vg lint $inputs/out$n.yaml > /dev/null 2>&1"
  row lint-floor "$n" "$floor < $inputs/out$n.yaml > /dev/null"
  lint_ns="$lint_ns $n"
done

kpt_done=0
if [ "$kpt_n" -gt 0 ] && command -v kpt >/dev/null 2>&1; then
  tree=$build/bench-kpt-$kpt_n
  if [ ! -d "$tree/pkg" ]; then
    rm -rf "$tree"
    "$python" bench/make_input.py "$kpt_n" --format tree "$tree/pkg"
  fi
  KPT_BYTES=$(cat "$tree"/pkg/apps/*.yaml "$tree"/pkg/*.yaml | wc -c)
  row kpt-cat "$kpt_n" "kpt fn eval $tree/pkg --exec cat -o stdout > /dev/null 2>&1"
  row kpt-volsync-gen "$kpt_n" "kpt fn eval $tree/pkg --exec $vg --fn-config $tree/pkg-fn-config.yaml -o stdout > /dev/null 2>&1"
  kpt_done=1
fi

# --- table ------------------------------------------------------------------------------------------
mbps() { awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.1f", b / 1e6 / (ms / 1000) }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "-" }'; }

echo
echo "Machine: $(nproc) vCPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)."
echo "volsync-gen $("$vg" --version 2>/dev/null | head -n 1 | awk '{print $2}') ($build_type), libyaml $(pkg-config --modversion yaml-0.1 2>/dev/null), yaml-cpp $(pkg-config --modversion yaml-cpp 2>/dev/null)."
echo
echo "| N PVCs | input | program | median wall | MB/s | peak RSS | RSS / input | time vs floor | time vs yaml-cpp |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|"
for n in $ns; do
  b=${BYTES[$n]}
  for p in volsync-gen libyaml-floor yaml-cpp; do
    [ -n "${MS[$p,$n]:-}" ] || continue
    ms=${MS[$p,$n]}
    yc=${MS[yaml-cpp,$n]:-0}
    printf '| %s | %s MB | %s | %s ms | %s | %s MiB | %s | %s | %s |\n' "$n" "$(awk -v b="$b" 'BEGIN{printf "%.2f", b/1e6}')" \
      "$p" "$ms" "$(mbps "$b" "$ms")" "$(mib "${RSS[$p,$n]}")" \
      "$(awk -v k="${RSS[$p,$n]}" -v b="$b" 'BEGIN{printf "%.1fx", k*1024/b}')" \
      "$(ratio "$ms" "${MS[libyaml-floor,$n]}")" "$(ratio "$ms" "$yc")"
  done
done
if [ -n "$lint_ns" ]; then
  echo
  echo "\`volsync-gen lint\` of the function's output (input items plus 3 generated objects per PVC):"
  echo
  echo "| N PVCs | file | objects | median wall | MB/s | peak RSS | RSS / file | libyaml floor on the file | time vs floor |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in $lint_ns; do
    printf '| %s | %s MB | %s | %s ms | %s | %s MiB | %s | %s ms | %s |\n' "$n" \
      "$(awk -v b="${BYTES[out,$n]}" 'BEGIN{printf "%.2f", b/1e6}')" \
      "$((n * 7 + 1))" "${MS[lint,$n]}" "$(mbps "${BYTES[out,$n]}" "${MS[lint,$n]}")" "$(mib "${RSS[lint,$n]}")" \
      "$(awk -v k="${RSS[lint,$n]}" -v b="${BYTES[out,$n]}" 'BEGIN{printf "%.1fx", k*1024/b}')" \
      "${MS[lint-floor,$n]}" "$(ratio "${MS[lint,$n]}" "${MS[lint-floor,$n]}")"
  done
fi
if [ "$kpt_done" = 1 ]; then
  echo
  echo "kpt fn eval on a $kpt_n-PVC package ($((kpt_n * 4 + 1)) resources, $(awk -v b="$KPT_BYTES" 'BEGIN{printf "%.2f", b/1e6}') MB of files, \`-o stdout\`):"
  echo
  echo "| command | median wall | peak RSS |"
  echo "|---|---:|---:|"
  for p in kpt-cat kpt-volsync-gen; do
    printf '| %s | %s ms | %s MiB |\n' "$p" "${MS[$p,$kpt_n]}" "$(mib "${RSS[$p,$kpt_n]}")"
  done
  share=$(awk -v a="${MS[kpt-volsync-gen,$kpt_n]}" -v c="${MS[kpt-cat,$kpt_n]}" 'BEGIN { printf "%.0f ms (%.0f%% of the run)", a - c, (a - c) * 100 / a }')
  echo
  echo "volsync-gen's share: $share."
fi
