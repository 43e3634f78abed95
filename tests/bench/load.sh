#!/usr/bin/env bash
# Load test of the collector with durable writes: build/bin/magnete-collector on a fresh data
# folder (SQLite WAL, synchronous=FULL, as always), --rate-limit 0 --min-submit-ms 0
# --daily-quota 0, driven by wrk from a second process with realistic magnete-v1 leads, each
# under an id of its own.
# Prints leads/s and the latency percentiles, then checks that the collector stored exactly as
# many leads as it answered 2xx. Not part of `make test`: timings are not tests.
#   tests/bench/load.sh [SECONDS] [CONNECTIONS]          (defaults 20 and 4)
# Environment: MAGNETE_BIN_DIR (where magnete-collector and magnete are; default build/bin,
# built in build/load when missing), PORT (default 18480).
# Bodies: tests/bench/load-leads.mjs writes 256 varied leads scored by the native core, so the
# collector verifies every one; tests/bench/load.lua gives each request a unique id.
# Their events span up to 20 days of visits: each lead gets the first touch the widget would
# send (attribution.first_touch.at, its first event), without which the collector would drop
# the earlier visits' events as dated before the form appeared.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-20}"
connections="${2:-4}"
port="${PORT:-18480}"
bin="${MAGNETE_BIN_DIR:-$root/build/bin}"
token="load-test-token-0001"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian)"
  $sudo apt-get install -y -qq wrk >/dev/null || {
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  }
fi
if [ ! -x "$bin/magnete-collector" ] || [ ! -x "$bin/magnete" ]; then
  echo "== building magnete-collector and magnete in build/load"
  [ -f "$root/build/load/build.ninja" ] ||
    cmake -S "$root" -B "$root/build/load" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DMAGNETE_BUILD_TESTS=OFF -DMAGNETE_BIN_DIR="$bin" >/dev/null
  cmake --build "$root/build/load" -j 2 --target magnete-collector magnete
fi
if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then
  echo "load: something already answers on port $port; set PORT" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/magnete-load.XXXXXX")"
collector=""
cleanup() {
  if [ -n "$collector" ]; then
    kill "$collector" 2>/dev/null || true
    wait "$collector" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

node "$root/tests/bench/load-leads.mjs" "$bin/magnete" "$work/raw-leads.txt" 256 | sed 's/^/== /'
# attribution.first_touch.at is not scored: the assessments stay the ones the core gave.
node -e '
  const fs = require("fs");
  const [from, to] = process.argv.slice(1);
  const lines = fs.readFileSync(from, "utf8").split("\n").filter(Boolean).map((line) => {
    const lead = JSON.parse(line);
    const first = lead.events.map((e) => e.at).sort()[0];
    if (first) lead.attribution.first_touch = { at: first };
    return JSON.stringify(lead);
  });
  fs.writeFileSync(to, lines.join("\n") + "\n");
' "$work/raw-leads.txt" "$work/leads.txt"

mkdir "$work/data"
"$bin/magnete-collector" --port "$port" --data "$work/data" --campaigns "$root/demo/campaigns" \
  --token "$token" --rate-limit 0 --min-submit-ms 0 --daily-quota 0 >"$work/collector.log" 2>&1 &
collector=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  kill -0 "$collector" 2>/dev/null || { cat "$work/collector.log" >&2; exit 1; }
  sleep 0.1
done

ticks() { awk '{ print $14 + $15 }' "/proc/$collector/stat"; }
echo "== wrk: $seconds s, $connections connections (one per wrk thread), $(nproc) cores," \
  "load average $(cut -d' ' -f1 /proc/loadavg) before"
cpu_before="$(ticks)"
PENDING_FILE="$work/pending.txt" wrk -t "$connections" -c "$connections" -d "${seconds}s" \
  --timeout 10s --latency -s "$root/tests/bench/load.lua" "http://127.0.0.1:$port" \
  -- "$work/leads.txt" "load-$(date +%s)" >"$work/wrk.txt"
cpu_after="$(ticks)"
grep -v '^LOAD ' "$work/wrk.txt"
line="$(grep '^LOAD ' "$work/wrk.txt")"
value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
acknowledged="$(value acknowledged)"
failed="$(value failed)"
wall="$(value seconds)"
cpu="$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v s="$wall" \
  'BEGIN { printf "%.0f", 100 * t / hz / s }')"

# The leads in flight when wrk stopped (or cut by a socket error): sent again, as the widget's
# outbox would; stored ones come back as the original answer (Idempotent-Replay).
retried=0
retried_ok=0
replays=0
while IFS= read -r body; do
  [ -n "$body" ] || continue
  answer="$(curl -s -o /dev/null -w '%{http_code} %header{idempotent-replay}' \
    -H 'Content-Type: application/json' --data-binary "$body" "http://127.0.0.1:$port/v1/leads")"
  retried=$((retried + 1))
  case "$answer" in 2??*) retried_ok=$((retried_ok + 1)) ;; esac
  case "$answer" in *true) replays=$((replays + 1)) ;; esac
done <"$work/pending.txt"

stored="$(curl -s "http://127.0.0.1:$port/healthz" | sed -n 's/.*"leads":\([0-9]*\).*/\1/p')"
stats="$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/stats")"
verified="$(sed -n 's/.*"verified":\([0-9]*\).*/\1/p' <<<"$stats")"
answered=$((acknowledged + retried_ok))

echo
echo "| leads/s | p50 | p90 | p99 | max | collector CPU |"
echo "|---|---|---|---|---|---|"
printf '| %.0f | %.2f ms | %.2f ms | %.2f ms | %.1f ms | %s%% of a core |\n' "$(value rate)" \
  "$(value p50_ms)" "$(value p90_ms)" "$(value p99_ms)" "$(value max_ms)" "$cpu"
echo
echo "answered 2xx: $acknowledged during the run, non-2xx: $failed;" \
  "in flight at the end, sent again: $retried ($retried_ok 2xx, $replays of them replays)"
echo "socket errors: connect $(value connect_errors), read $(value read_errors)," \
  "write $(value write_errors); timeouts $(value timeouts)"
echo "stored: $stored leads ($verified verified: the collector's score equals the client's)"
if [ "$stored" = "$answered" ] && [ "$failed" = 0 ]; then
  echo "OK: stored leads = 2xx answers = $answered"
else
  echo "MISMATCH: stored $stored, 2xx answers $answered, non-2xx $failed" >&2
  exit 1
fi
