#!/usr/bin/env bash
# Builds the libFuzzer targets (build/fuzz) when needed and fuzzes each for SECONDS.
#   tests/fuzz/run.sh [SECONDS] [JOBS]      default 600 s per target, 1 target at a time
# JOBS: how many targets fuzz at once (one process each; this machine has 2 cores).
# Inputs: the writable corpus build/fuzz/corpus/<target> (new inputs land there), the seeds
# in tests/fuzz/corpus/<target>, and the public corpora in ../shared/corpora, read-only.
# A crash, a timeout (one input over 25 s) or an out-of-memory stops that target and leaves
# the reproducer in build/fuzz/artifacts/; rerun it with `build/fuzz/bin/<target> <file>`.
# Prints one line per target ("fuzz: <target> passed, N executions ..." or "... FAILED ...")
# and exits 1 when any target failed.
#
# -max_len: campaign 16 KB, not the stated 256 KB limit (CampaignLimits::kMaxBytes): bigger
# inputs make every execution slower and the parser's paths are all reachable well below it
# (the demo campaign is 5 KB). Lead 64 KB = LeadLimits::kMaxBytes, the whole stated range.
# History 16 KB: a few hundred rows reach every path of the readers and of the fit.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-600}"
jobs="${2:-1}"
build="$root/build/fuzz"
corpora="${MAGNETE_CORPORA_DIR:-$root/../shared/corpora}"
targets=(${MAGNETE_FUZZ_TARGETS:-campaign lead history})

# The same configuration as the Makefile's `fuzzers` target.
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DMAGNETE_BUILD_FUZZERS=ON -DMAGNETE_BUILD_TESTS=OFF \
    -DMAGNETE_BUILD_TOOLS=OFF -DMAGNETE_BIN_DIR="$build/bin" >/dev/null
fi
if ! output="$(cmake --build "$build" -j 2 2>&1)"; then
  echo "$output"
  echo "fuzz: the build failed"
  exit 1
fi

public_inputs() {
  local dirs=()
  case "$1" in
    campaign) dirs=("$corpora/JSONTestSuite/test_parsing") ;;
    lead) dirs=("$corpora/JSONTestSuite/test_parsing" "$corpora/naughty-strings"
                "$corpora/isemail/test") ;;
    history) dirs=("$corpora/naughty-strings") ;;
  esac
  for d in "${dirs[@]}"; do
    if [ -d "$d" ]; then echo "$d"; else echo "fuzz: $d missing, fuzzing without it" >&2; fi
  done
}

max_len() { case "$1" in campaign | history) echo 16384 ;; *) echo 65536 ;; esac; }

# run_target NAME: fuzzes one target; its summary line goes to build/fuzz/logs/NAME.summary.
run_target() {
  local name="$1" fuzzer="${1}_fuzzer"
  local corpus="$build/corpus/$name" log="$build/logs/$fuzzer.log"
  local summary="$build/logs/$fuzzer.summary"
  mkdir -p "$corpus" "$build/artifacts" "$build/logs"
  local inputs=()
  mapfile -t inputs < <(public_inputs "$name")
  local status=0
  "$build/bin/$fuzzer" -max_total_time="$seconds" -max_len="$(max_len "$name")" \
    -dict="$root/tests/fuzz/$name.dict" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$fuzzer-" \
    "$corpus" "$root/tests/fuzz/corpus/$name" "${inputs[@]}" >"$log" 2>&1 || status=$?
  local execs
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  if [ "$status" = 0 ]; then
    # After a long run, keep only the inputs that add coverage, so the short runs of
    # `make test` start quickly from what the long ones found.
    if [ "$seconds" -ge 120 ]; then
      rm -rf "$corpus.min" && mkdir -p "$corpus.min"
      if "$build/bin/$fuzzer" -merge=1 -max_len="$(max_len "$name")" "$corpus.min" "$corpus" \
           >>"$log" 2>&1; then
        rm -rf "$corpus" && mv "$corpus.min" "$corpus"
      fi
    fi
    echo "fuzz: $fuzzer passed, ${execs:-?} executions in $seconds s" \
         "(corpus $(ls "$corpus" | wc -l) inputs in ${corpus#$root/})" >"$summary"
  else
    local artifact
    artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
    {
      echo "fuzz: $fuzzer FAILED (exit $status) after ${execs:-?} executions;" \
           "reproducer ${artifact:-none} (rerun: ${build#$root/}/bin/$fuzzer <reproducer>)"
      grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz check failed|terminate called|  what\(\))' "$log" |
        head -5 | sed 's/^/      /'
      echo "      log: ${log#$root/}"
    } >"$summary"
  fi
  return 0
}

echo "== fuzzing ${targets[*]} for $seconds s each, $jobs at a time (logs in build/fuzz/logs/)"
running=0
for name in "${targets[@]}"; do
  rm -f "$build/logs/${name}_fuzzer.summary"
  run_target "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
for name in "${targets[@]}"; do
  summary="$build/logs/${name}_fuzzer.summary"
  if [ -f "$summary" ]; then cat "$summary"; else echo "fuzz: ${name}_fuzzer FAILED (no summary)"; fi
  grep -q ' passed, ' "$summary" 2>/dev/null || failed=1
done
exit "$failed"
