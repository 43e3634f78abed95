#!/usr/bin/env bash
# Load test of the collector with durable writes: build/bin/magnete-collector on a fresh data
# folder (SQLite WAL, synchronous=FULL, as always), --rate-limit 0 --min-submit-ms 0
# --daily-quota 0, driven by wrk from a second process with realistic magnete-v1 leads, each
# under an id of its own.
# Prints leads/s and the latency percentiles, then checks that the collector stored exactly as
# many leads as it answered 2xx. Not part of `make test`: timings are not tests.
#   tests/bench/load.sh [SECONDS] [CONNECTIONS]          (defaults 20 and 4)
# Environment: MAGNETE_BIN_DIR (where magnete-collector and magnete are; default build/bin,
# built in build/load when missing), PORT (default 18480; a second collector on PORT+1, the
# PostgreSQL server on PORT+10).
# STORE: sqlite (the default), postgresql (--store on a PostgreSQL server started for the run in
# the temporary folder, durable as SQLite is: fsync and synchronous_commit on, Debian's
# binaries, run as nobody when root) or all (SQLite, then PostgreSQL with one collector, then
# with two, printed side by side). COLLECTORS (1 or 2, for postgresql): with 2, two collectors
# on the same database, the connections split between them, a wrk each; the latency columns
# are then the worse of the two wrk's.
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
store="${STORE:-sqlite}"
case "$store" in
  sqlite | postgresql | all) ;;
  *) echo "load: STORE is sqlite, postgresql or all, not '$store'" >&2; exit 2 ;;
esac
case "${COLLECTORS:-1}" in
  1 | 2) ;;
  *) echo "load: COLLECTORS is 1 or 2" >&2; exit 2 ;;
esac
pg_port=$((port + 10))
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
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ "$store" != sqlite ] && [ ! -x "$pg_bin/initdb" ]; then
  echo "== installing postgresql (Debian)"
  $sudo apt-get install -y -qq postgresql >/dev/null || {
    $sudo apt-get update -qq && $sudo apt-get install -y -qq postgresql >/dev/null
  }
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
for p in "$port" $((port + 1)); do
  if curl -s -o /dev/null "http://127.0.0.1:$p/healthz"; then
    echo "load: something already answers on port $p; set PORT" >&2
    exit 1
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/magnete-load.XXXXXX")"
collectors=()
pg_dir=""
as_pg=()
stop_collectors() {
  for pid in "${collectors[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  collectors=()
}
cleanup() {
  stop_collectors
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
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

# A PostgreSQL server of our own in $work/pg, durable (its defaults: fsync, synchronous_commit
# and full_page_writes on), on 127.0.0.1:$pg_port. initdb and pg_ctl refuse root: as root they
# run as nobody, in a folder nobody owns.
start_postgres() {
  pg_dir="$work/pg"
  mkdir "$pg_dir"
  if [ "$(id -u)" = 0 ]; then
    chmod 711 "$work"
    chown nobody:nogroup "$pg_dir"
    as_pg=(runuser -u nobody --)
  fi
  (cd "$pg_dir" && "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres \
    -E UTF8 --locale=C >"$pg_dir/initdb.log" 2>&1) || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  (cd "$pg_dir" && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -t 60 -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_dir" \
    start >/dev/null) || { cat "$pg_dir/server.log" >&2; exit 1; }
  echo "== PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$pg_port (fsync on)"
}

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU ticks of the collectors, and of the PostgreSQL server (its postmaster and backends).
collector_ticks() {
  local total=0
  for pid in "${collectors[@]}"; do total=$((total + $(ticks "$pid"))); done
  echo "$total"
}
postgres_ticks() {
  [ -n "$pg_dir" ] || { echo 0; return; }
  local postmaster total=0
  postmaster="$(head -n 1 "$pg_dir/data/postmaster.pid")"
  for pid in "$postmaster" $(pgrep -P "$postmaster"); do total=$((total + $(ticks "$pid"))); done
  echo "$total"
}
percent() { # ticks over seconds, as % of a core
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v s="$2" 'BEGIN { printf "%.0f", 100 * t / hz / s }'
}

results=()
failures=0
runs=0
# run_load LABEL KIND COUNT: COUNT collectors on KIND (sqlite: each its data folder; postgresql:
# one fresh database), the connections split between them, a wrk on each.
run_load() {
  local label="$1" kind="$2" count="$3"
  runs=$((runs + 1))
  local store_args=()
  if [ "$kind" = postgresql ]; then
    "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
      -c "CREATE DATABASE load_$runs" >/dev/null
    store_args=(--store "postgresql://postgres@127.0.0.1:$pg_port/load_$runs")
  fi
  local i
  for ((i = 0; i < count; ++i)); do
    mkdir "$work/data-$runs-$i"
    "$bin/magnete-collector" --port $((port + i)) --data "$work/data-$runs-$i" "${store_args[@]}" \
      --campaigns "$root/demo/campaigns" --token "$token" --rate-limit 0 --min-submit-ms 0 \
      --daily-quota 0 >"$work/collector-$runs-$i.log" 2>&1 &
    collectors+=($!)
  done
  for ((i = 0; i < count; ++i)); do
    for _ in $(seq 100); do
      curl -s -o /dev/null "http://127.0.0.1:$((port + i))/healthz" && break
      kill -0 "${collectors[$i]}" 2>/dev/null || { cat "$work/collector-$runs-$i.log" >&2; exit 1; }
      sleep 0.1
    done
  done

  echo
  echo "== $label: wrk $seconds s, $connections connections (one per wrk thread) over $count" \
    "collector(s), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) before"
  local cpu_before pg_before cpu_after pg_after
  cpu_before="$(collector_ticks)"
  pg_before="$(postgres_ticks)"
  local wrks=()
  for ((i = 0; i < count; ++i)); do
    local share=$((connections / count + (i < connections % count ? 1 : 0)))
    PENDING_FILE="$work/pending-$runs-$i.txt" wrk -t "$share" -c "$share" -d "${seconds}s" \
      --timeout 10s --latency -s "$root/tests/bench/load.lua" "http://127.0.0.1:$((port + i))" \
      -- "$work/leads.txt" "load-$(date +%s)-$runs-$i" >"$work/wrk-$runs-$i.txt" &
    wrks+=($!)
  done
  for pid in "${wrks[@]}"; do wait "$pid"; done
  cpu_after="$(collector_ticks)"
  pg_after="$(postgres_ticks)"

  # The wrk's LOAD lines together: counts and rates added, latencies the worse one's.
  local line=""
  for ((i = 0; i < count; ++i)); do
    grep -v '^LOAD ' "$work/wrk-$runs-$i.txt" | sed "s/^/  [wrk $((i + 1))] /"
    line+="$(grep '^LOAD ' "$work/wrk-$runs-$i.txt")"$'\n'
  done
  value() {
    awk -v key="$1" -v how="$2" 'NF > 0 {
      v = 0
      for (i = 2; i <= NF; ++i) { split($i, kv, "="); if (kv[1] == key) v = kv[2] + 0 }
      if (how == "max") { if (v > r) r = v } else r += v
    } END { printf (how == "max" ? "%.2f" : key == "rate" ? "%.1f" : "%d"), r }' <<<"$line"
  }
  local acknowledged failed wall cpu pg_cpu
  acknowledged="$(value acknowledged sum)"
  failed="$(value failed sum)"
  wall="$(value seconds max)"
  cpu="$(percent $((cpu_after - cpu_before)) "$wall")"
  pg_cpu="-"
  [ "$kind" = postgresql ] && pg_cpu="$(percent $((pg_after - pg_before)) "$wall")% of a core"

  # The leads in flight when wrk stopped (or cut by a socket error): sent again, as the widget's
  # outbox would; stored ones come back as the original answer (Idempotent-Replay).
  local retried=0 retried_ok=0 replays=0 body answer
  for ((i = 0; i < count; ++i)); do
    while IFS= read -r body; do
      [ -n "$body" ] || continue
      answer="$(curl -s -o /dev/null -w '%{http_code} %header{idempotent-replay}' \
        -H 'Content-Type: application/json' --data-binary "$body" \
        "http://127.0.0.1:$((port + i))/v1/leads")"
      retried=$((retried + 1))
      case "$answer" in 2??*) retried_ok=$((retried_ok + 1)) ;; esac
      case "$answer" in *true) replays=$((replays + 1)) ;; esac
    done <"$work/pending-$runs-$i.txt"
  done

  # SQLite: each collector its own database; PostgreSQL: one, which either counts whole.
  local stored=0 verified=0 stats n last=$((count - 1))
  [ "$kind" = postgresql ] && last=0
  for ((i = 0; i <= last; ++i)); do
    n="$(curl -s "http://127.0.0.1:$((port + i))/healthz" | sed -n 's/.*"leads":\([0-9]*\).*/\1/p')"
    stored=$((stored + n))
    stats="$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$((port + i))/v1/stats")"
    verified=$((verified + $(sed -n 's/.*"verified":\([0-9]*\).*/\1/p' <<<"$stats")))
  done
  local answered=$((acknowledged + retried_ok))
  stop_collectors
  if grep -q 'PostgreSQL:' "$work"/collector-"$runs"-*.log; then
    echo "collector log:" >&2
    cat "$work"/collector-"$runs"-*.log >&2
  fi

  echo "answered 2xx: $acknowledged during the run, non-2xx: $failed;" \
    "in flight at the end, sent again: $retried ($retried_ok 2xx, $replays of them replays)"
  echo "socket errors: connect $(value connect_errors sum), read $(value read_errors sum)," \
    "write $(value write_errors sum); timeouts $(value timeouts sum)"
  echo "stored: $stored leads ($verified verified: the collector's score equals the client's)"
  if [ "$stored" = "$answered" ] && [ "$failed" = 0 ]; then
    echo "OK: stored leads = 2xx answers = $answered"
  else
    echo "MISMATCH: stored $stored, 2xx answers $answered, non-2xx $failed" >&2
    failures=$((failures + 1))
  fi
  local row='| %s | %.0f | %.2f ms | %.2f ms | %.2f ms | %.1f ms | %s%% of a core | %s |'
  results+=("$(printf "$row" "$label" "$(value rate sum)" "$(value p50_ms max)" "$(value p90_ms max)" \
    "$(value p99_ms max)" "$(value max_ms max)" "$cpu" "$pg_cpu")")
}

case "$store" in
  sqlite) run_load "SQLite, 1 collector" sqlite 1 ;;
  postgresql)
    start_postgres
    run_load "PostgreSQL, ${COLLECTORS:-1} collector(s)" postgresql "${COLLECTORS:-1}"
    ;;
  all)
    run_load "SQLite, 1 collector" sqlite 1
    start_postgres
    run_load "PostgreSQL, 1 collector" postgresql 1
    run_load "PostgreSQL, 2 collectors" postgresql 2
    ;;
esac

echo
echo "| store | leads/s | p50 | p90 | p99 | max | collector CPU | PostgreSQL CPU |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
[ "$failures" = 0 ] || exit 1
