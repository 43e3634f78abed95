#!/bin/bash
# Checks wasm/small_libc.cpp against Emscripten's own musl: strtod on ~700,000 decimal
# strings (random, halfway cases between doubles, subnormals, overflow, very long inputs, odd
# endings) must give the same double, end pointer and ERANGE; snprintf the same bytes and
# return value for integer formats. Usage: bash wasm/check/run.sh [seed]   (~1 min)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
em++ -O2 -std=c++17 -Dstrtod=small_strtod -Dstrtof=small_strtof -Dstrtold=small_strtold \
  -Dsnprintf=small_snprintf -c "$here/../small_libc.cpp" -o "$tmp/small.o"
em++ -O2 -Wno-format "$here/check.cpp" "$tmp/small.o" -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 \
  -o "$tmp/check.cjs"
python3 "$here/cases.py" "${1:-1}" "$tmp/cases.txt"
node --no-experimental-fetch "$tmp/check.cjs" "$tmp/cases.txt"
