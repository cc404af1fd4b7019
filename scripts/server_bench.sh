#!/usr/bin/env bash
# Assay — quality control for human-labelled training data.
#
# The server's figures for BENCHMARKS.md ("Server"), issue 14: a big CSV delivery streamed with curl
# (labels/s end to end, the server's peak RSS), the first (uncached) scorecard of that project, wrk
# for 30 s against the cached scorecard (errors, p99), and 1,000-label pushes from 32 connections.
# The server runs on core 0, curl and wrk on core 1 (`taskset`).
#
#   scripts/server_bench.sh LABELS.csv [STORE]
#
# LABELS.csv: task,worker,label with classes c0..c4 (bench/gen_labels.py in ../shared/bench makes
# them: `--seed 7 --tasks 2000000 --workers 50000 --classes 5 --overlap 5` is the 10M file).
# STORE: a PostgreSQL URL (an empty database), or nothing for a new SQLite file in a temporary
# directory. ASSAY: the binary (default .build/release/assay). WRK_SECONDS (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."

labels=${1:?usage: scripts/server_bench.sh LABELS.csv [STORE]}
assay=${ASSAY:-.build/release/assay}
seconds=${WRK_SECONDS:-30}
work=$(mktemp -d)
store=${2:-$work/bench.db}
serve_pid=
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

rows=$(($(wc -l < "$labels") - 1))
"$assay" project create bench --classes c0,c1,c2,c3,c4 --store "$store" > /dev/null
admin=$("$assay" token create --role admin --store "$store" 2> /dev/null)
vendor=$("$assay" token create --role vendor:acme --project bench --store "$store" 2> /dev/null)

taskset -c 0 "$assay" serve --store "$store" --port 0 --port-file "$work/port" 2> "$work/serve.log" &
serve_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")"
echo "store: $store; server pid $serve_pid on core 0, clients on core 1; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== delivery: $rows labels ($(du -h "$labels" | cut -f1)) streamed with curl"
out=$(taskset -c 1 curl -sS -o "$work/receipt.json" -w '%{http_code} %{time_total}' -X PUT -T "$labels" \
    -H "Authorization: Bearer $vendor" -H "Content-Type: text/csv" "$url/v1/projects/bench/deliveries/big")
code=${out% *}
wall=${out#* }
[ "$code" = 200 ] || [ "$code" = 201 ] || { echo "delivery answered $code"; cat "$work/receipt.json"; exit 1; }
rss=$(awk '/VmHWM/ {print $2}' "/proc/$serve_pid/status")
awk -v n="$rows" -v t="$wall" -v r="$rss" \
    'BEGIN { printf "  HTTP %s, %.2f s, %.0f labels/s, server peak RSS %.0f MiB\n", "'"$code"'", t, n / t, r / 1024 }'

echo "== first scorecard (uncached), then a cached one"
for which in first cached; do
    t=$(taskset -c 1 curl -sS -o "$work/scorecard.json" -w '%{time_total}' \
        -H "Authorization: Bearer $admin" "$url/v1/projects/bench/scorecard")
    echo "  $which: $t s ($(wc -c < "$work/scorecard.json") bytes)"
done
rss=$(awk '/VmHWM/ {print $2}' "/proc/$serve_pid/status")
echo "  server peak RSS so far $((rss / 1024)) MiB"

cat > "$work/auth.lua" << EOF
wrk.headers["Authorization"] = "Bearer $admin"
EOF
echo "== wrk ${seconds} s, 1 thread, 16 connections: the cached scorecard"
taskset -c 1 wrk -t1 -c16 -d"${seconds}s" --latency -s "$work/auth.lua" "$url/v1/projects/bench/scorecard" \
    | grep -E "Requests/sec|Latency|99%|Non-2xx|errors|requests in"

cat > "$work/push.lua" << EOF
-- Each request is a new delivery of 1,000 labels on new items (distinct content, distinct name).
local n = 0
local tag = tostring(math.random(1, 1000000000))
request = function()
    n = n + 1
    local name = "p" .. tag .. "-" .. n
    local rows = { "task,worker,label" }
    for i = 1, 1000 do
        rows[#rows + 1] = name .. "-" .. math.floor((i - 1) / 5) .. ",w" .. (i % 97) .. ",c" .. (i % 5)
    end
    return wrk.format("PUT", "/v1/projects/bench/deliveries/" .. name,
        { ["Authorization"] = "Bearer $vendor", ["Content-Type"] = "text/csv" }, table.concat(rows, "\n") .. "\n")
end
EOF
echo "== 1,000-label pushes from 32 connections for ${seconds} s"
taskset -c 1 wrk -t1 -c32 -d"${seconds}s" --timeout 30s --latency -s "$work/push.lua" "$url" \
    | grep -E "Requests/sec|Latency|99%|Non-2xx|errors|requests in" | tee "$work/push.txt"
awk '/Requests\/sec/ { printf "  = %.0f labels/s\n", $2 * 1000 }' "$work/push.txt"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$serve_pid/status")
echo "server peak RSS at the end $((rss / 1024)) MiB"
