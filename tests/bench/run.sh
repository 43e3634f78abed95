#!/usr/bin/env bash
# Builds and runs every benchmark, then prints the figures as tables. Not part of `make test`:
# timings are not tests. One command, reproducible:
#   tests/bench/run.sh           full run (~5 min warm): 1M leads through Google Benchmark and
#                                through `magnete score`, 20k leads in the loops
#   tests/bench/run.sh --quick   a shorter pass (~1 min) to check that everything runs
# Builds: build/bench (Release, MAGNETE_BUILD_BENCHMARKS=ON: bench_engine, engine_loop, the
# CLI), build/bench/wasm-loop and wasm-loop-o2 (engine_loop by Emscripten, -Oz as shipped and
# -O2 for reference). The module-call figures use build/wasm/node (MAGNETE_WASM_NODE_DIR to point
# elsewhere); when it is missing, a copy is built in build/bench/wasm-core.
# Outputs: build/bench/native.json (Google Benchmark), cli.json, results.json (everything).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/build/bench"
export NODE_PATH=/usr/share/nodejs  # Debian's Emscripten needs Debian's acorn (DESIGN)
quick=0
[ "${1:-}" = "--quick" ] && quick=1

if [ ! -f "$bench/build.ninja" ]; then
  cmake -S "$root" -B "$bench" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMAGNETE_BUILD_BENCHMARKS=ON \
    -DMAGNETE_BUILD_TESTS=OFF -DMAGNETE_BIN_DIR="$bench/bin" >/dev/null
fi
echo "== building build/bench"
cmake --build "$bench" -j 2 --target bench_engine engine_loop magnete | grep -v '^ninja: no work' || true
[ -x "$bench/bin/bench_engine" ] || { echo "bench: the build failed"; exit 1; }

if command -v emcmake >/dev/null; then
  for variant in "wasm-loop MinSizeRel -Oz" "wasm-loop-o2 Release -O2"; do
    read -r dir type opt <<<"$variant"
    if [ ! -f "$bench/$dir/build.ninja" ]; then
      emcmake cmake -S "$root/tests/bench/wasm" -B "$bench/$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" \
        -DMAGNETE_BENCH_WASM_OPT="$opt" >/dev/null
    fi
    echo "== building build/bench/$dir"
    cmake --build "$bench/$dir" -j 2 | grep -v '^ninja: no work' || true
  done
  if [ -z "${MAGNETE_WASM_NODE_DIR:-}" ] && [ ! -f "$root/build/wasm/node/magnete-core.cjs" ]; then
    echo "== build/wasm/node is missing: building a copy in build/bench/wasm-core"
    [ -f "$bench/wasm-core/build.ninja" ] ||
      emcmake cmake -S "$root" -B "$bench/wasm-core" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
    cmake --build "$bench/wasm-core" -j 2 --target magnete_core_node
    export MAGNETE_WASM_NODE_DIR="$bench/wasm-core/node"
  fi
else
  echo "bench: emcmake not found, the wasm loops are skipped"
fi

load="$(cut -d' ' -f1 /proc/loadavg)"
if awk -v l="$load" 'BEGIN { exit !(l > 1.0) }'; then
  echo "bench: load average $load on $(nproc) cores: other work is running, figures will be noisy"
fi

mkdir -p "$bench/workload"
"$bench/bin/bench_engine" --write-workload="$bench/workload"
if [ "$quick" = 1 ]; then
  gb_args=(--benchmark_min_time=0.1 --benchmark_filter='^(Engine|Session)/')
  cli_leads=100000
  loop_leads=5000
else
  gb_args=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
  cli_leads=1000000
  loop_leads=20000
fi
echo "== native: Google Benchmark (bench_engine)"
"$bench/bin/bench_engine" "${gb_args[@]}" --benchmark_format=json --benchmark_out_format=console \
  --benchmark_out=/dev/stderr >"$bench/native.json"
echo "== native: magnete score, $cli_leads leads on stdin"
node "$root/tests/bench/cli_bench.mjs" --leads "$cli_leads" --json "$bench/cli.json"
echo "== wasm under node"
node "$root/tests/bench/wasm_bench.mjs" --native-json "$bench/native.json" \
  --cli-json "$bench/cli.json" --leads "$loop_leads"
