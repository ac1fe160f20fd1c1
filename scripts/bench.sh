#!/usr/bin/env bash
# The benchmark table of docs/EVAL.md, reproduced:
#   1. builds kgrag, ingests ../shared/eval/dev/kb into a temporary data
#      directory and starts `kgrag serve` on it (embedded backends, loopback,
#      no keys),
#   2. load-tests GraphQL ask with `kgrag load` at concurrency 8 and 32
#      (QPS, p50, p99) and stops the server,
#   3. runs the Go benchmarks of ask end to end on the dev knowledge base and
#      with synthetic chunks up to 10k and 100k (BenchmarkAsk, BenchmarkAskCorpus),
# and prints Markdown tables with the machine they ran on.
#
#   scripts/bench.sh                      # everything (about 3 minutes, ~2 GiB of memory for 100k)
#   DURATION=5s scripts/bench.sh          # shorter load runs
#   SKIP_GO_BENCH=1 scripts/bench.sh      # the load test only
#   CONCURRENCY=8,32,64 scripts/bench.sh
#
# Needs: Go 1.26 and ../shared/eval/dev beside the repository (or DEV_SET=DIR).
# The graph and chunk backends follow the usual environment (KGRAG_NEO4J_URI,
# KGRAG_QDRANT_ADDR); unset, everything is embedded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DEV_SET="${DEV_SET:-../shared/eval/dev}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-3s}"
CONCURRENCY="${CONCURRENCY:-8,32}"

if [[ ! -f "$DEV_SET/qa.jsonl" ]]; then
  echo "bench: $DEV_SET/qa.jsonl not found; set DEV_SET" >&2
  exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kgrag-bench.XXXXXX")"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== building kgrag" >&2
go build -o "$tmp/kgrag" ./cmd/kgrag

echo "== ingesting $DEV_SET/kb" >&2
"$tmp/kgrag" ingest --quiet --data "$tmp/data" "$DEV_SET/kb" >&2

echo "== starting kgrag serve" >&2
KGRAG_RATE_LIMIT=0 "$tmp/kgrag" serve --addr 127.0.0.1:0 --data "$tmp/data" --log-level info >"$tmp/serve.log" 2>&1 &
pid=$!
addr=""
for _ in $(seq 1 300); do
  addr="$(sed -n 's/.*"addr":"\([^"]*\)".*"message":"kgrag serving".*/\1/p' "$tmp/serve.log" | head -n1)"
  [[ -n "$addr" ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$tmp/serve.log" >&2
    echo "bench: kgrag serve exited" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$addr" ]]; then
  cat "$tmp/serve.log" >&2
  echo "bench: kgrag serve did not start" >&2
  exit 1
fi
for _ in $(seq 1 100); do
  curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)"
echo
echo "Machine: $(nproc) cores (${cpu:-unknown CPU}), $(go env GOOS)/$(go env GOARCH), $(go version | awk '{print $3}'); server and load generator on the same machine."
echo
echo "### GraphQL ask under load (kgrag load, dev knowledge base, $DURATION per run)"
echo
"$tmp/kgrag" load --url "http://$addr/graphql" --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" \
  --questions "$DEV_SET/qa.jsonl" | sed -n '/^|/p'

kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""

if [[ -n "${SKIP_GO_BENCH:-}" ]]; then
  exit 0
fi
echo
echo "### ask end to end, one at a time (go test -bench 'Ask\$|AskCorpus' ./cmd/kgrag)"
echo
echo "| benchmark | ms per ask | dev set fully correct | refusal recall | allocs per ask |"
echo "| --- | ---: | ---: | ---: | ---: |"
KGRAG_DEV_SET="$(cd "$DEV_SET" && pwd)" go test ./cmd/kgrag -run '^$' -bench 'Ask$|AskCorpus' -benchtime 300x -benchmem |
  awk '/^Benchmark/ {
    name=$1; sub(/-[0-9]+$/, "", name); ms=""; fc=""; rr=""; al=""
    for (i = 3; i < NF; i++) {
      if ($(i+1) == "ns/op") ms = sprintf("%.2f", $i / 1e6)
      if ($(i+1) == "fully_correct") fc = sprintf("%.1f%%", $i * 100)
      if ($(i+1) == "refusal_recall") rr = sprintf("%.1f%%", $i * 100)
      if ($(i+1) == "allocs/op") al = $i
    }
    printf "| %s | %s | %s | %s | %s |\n", name, ms, fc, rr, al
  }'
