#!/usr/bin/env bash
# Load test of `newsdex serve` (BENCHMARKS.md): the Reuters-21578 half
# indexed, then 32 clients searching with facets for 10 s on localhost while
# a concurrent `newsdex index` commits invented articles into the same index
# every 100 articles. Prints the load generator's JSON report and the load
# average. Usage: scripts/serve-load.sh [CLIENTS] [SECONDS] [ANSWER_CACHE_MB] [RATE]
# (the server's --answer-cache-mb, 32 by default; 0 searches every request;
# RATE paces the clients to RATE searches/s in all, latencies counted from
# when each search was due; without it each client sends its next search as
# soon as it has an answer). INDEXER=0 in the environment leaves the
# concurrent indexer out (a control: the same load on an unchanging index).
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-32}"
seconds="${2:-10}"
answer_cache_mb="${3:-32}"
rate="${4:-}"
corpus="../shared/corpus/reuters21578"
[ -d "$corpus" ] || { echo "SKIPPED: no $corpus"; exit 0; }

cargo build -q --release -p newsdex-cli
cargo build -q --release -p newsdex-serve --example load
newsdex=target/release/newsdex
load=target/release/examples/load
work="$(mktemp -d)"
server=""
indexer=""
cleanup() {
    [ -n "$indexer" ] && kill "$indexer" 2>/dev/null || true
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$newsdex" index --quiet --index "$work/index" "$corpus" || [ $? = 2 ]
"$load" --write-articles "$work/new.jsonl" 3000
"$newsdex" serve --quiet --index "$work/index" --addr 127.0.0.1:0 \
    --answer-cache-mb "$answer_cache_mb" > "$work/addr" &
server=$!
until [ -s "$work/addr" ]; do sleep 0.1; done
url="$(sed -e 's/^listening on //' -e 's:/$::' "$work/addr")"
echo "articles before: $(curl -s "$url/api/health")"
"$load" --url "$url" --clients 2 --seconds 1 > /dev/null   # warm the caches

if [ "${INDEXER:-1}" != 0 ]; then
    "$newsdex" index --quiet --commit-every 100 --index "$work/index" "$work/new.jsonl" &
    indexer=$!
fi
"$load" --url "$url" --clients "$clients" --seconds "$seconds" ${rate:+--rate "$rate"}
[ -n "$indexer" ] && { wait "$indexer" || true; }
indexer=""
echo "articles after: $(curl -s "$url/api/health")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)"
