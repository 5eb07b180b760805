#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in BUILD_DIR and runs each for SECONDS (default 60), starting
# from the checked-in seed corpus (new inputs go to BUILD_DIR/corpus, never into the source tree).
# Exits non-zero when a target finds a crash; the reproducer is left in BUILD_DIR/artifacts.
#   tests/fuzz/run.sh BUILD_DIR [SECONDS] [MAX_RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: run.sh BUILD_DIR [SECONDS] [MAX_RUNS]}"
seconds="${2:-60}"
runs="${3:--1}"
cxx="$(command -v clang++ || command -v clang++-14)"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
fi
cmake --build "$build" >&2
mkdir -p "$build/artifacts"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
for target in promparser cartrequest registration requestframing consulfilter; do
  mkdir -p "$build/corpus/$target"
  echo "== fuzz_$target: ${seconds}s" >&2
  if ! "$build/fuzz_$target" -max_total_time="$seconds" -runs="$runs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$build/artifacts/$target-" -print_final_stats=1 \
       "$build/corpus/$target" "$here/corpus/$target" 2> "$build/$target.log"; then
    status=1
    tail -40 "$build/$target.log" >&2
  else
    grep -E "stat::number_of_executed_units|Done" "$build/$target.log" | sed "s/^/   /" >&2 || true
  fi
done
exit $status
