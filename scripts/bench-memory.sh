#!/usr/bin/env bash
# Memory at 100k chunks, reproduced (issue 15): ingests the dev knowledge base
# plus DOCS synthetic Markdown policies of SECTIONS sections each (default
# 2,000 × 50: about 100k chunks) with `kgrag ingest`, starts `kgrag serve` on
# it (embedded backends, loopback, no keys), reads its resident memory
# (/proc/PID/status) once ready, load-tests GraphQL ask with `kgrag load` at
# concurrency 8 and reads it again, and prints a Markdown table.
#
#   scripts/bench-memory.sh                   # about 2 minutes, ~2 GiB of disk in $TMPDIR
#   DOCS=200 scripts/bench-memory.sh          # ~10k chunks
#   DURATION=10s CONCURRENCY=8,32 scripts/bench-memory.sh
#   DATA=/tmp/kgrag-100k scripts/bench-memory.sh  # ingest into DATA and keep it; a
#                                             # later run with the same DATA serves it as is
#
# Needs: Go 1.26, awk, curl and ../shared/eval/dev beside the repository (or DEV_SET=DIR).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DEV_SET="${DEV_SET:-../shared/eval/dev}"
DOCS="${DOCS:-2000}"
SECTIONS="${SECTIONS:-50}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-3s}"
CONCURRENCY="${CONCURRENCY:-8}"

if [[ ! -f "$DEV_SET/qa.jsonl" ]]; then
  echo "bench-memory: $DEV_SET/qa.jsonl not found; set DEV_SET" >&2
  exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kgrag-benchmem.XXXXXX")"
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

data="${DATA:-$tmp/data}"
if [[ -f "$data/chunks.db" ]]; then
  echo "== serving $data as it is (no ingest)" >&2
  ingest_s=""
else
  echo "== generating $DOCS synthetic documents of $SECTIONS sections" >&2
  mkdir -p "$tmp/kb/synthetic"
  cp -r "$DEV_SET/kb/." "$tmp/kb/"
  # Sections of about 300 characters built from the dev policies' sentences,
  # deterministic (fixed seed), with a number that differs per section.
  cat "$DEV_SET"/kb/policies/*.md | awk -v docs="$DOCS" -v sections="$SECTIONS" -v out="$tmp/kb/synthetic" '
    /^---$/ { fm = !fm; next }
    fm || /^#/ || length($0) < 12 { next }
    { gsub(/^[[:space:]]*([0-9]+\.|-)[[:space:]]*/, ""); n = split($0, parts, "。")
      for (i = 1; i <= n; i++) if (length(parts[i]) >= 12) s[m++] = parts[i] "。" }
    END {
      srand(15)
      for (d = 0; d < docs; d++) {
        f = sprintf("%s/doc-%04d.md", out, d)
        printf "---\nid: syn-%04d\ntitle: 合成文档%d\nchannels: all\neffective_from: 2024-01-01\n---\n\n# 合成文档%d\n", d, d, d > f
        for (k = 0; k < sections; k++) {
          printf "\n## 第%d节 编号SY-%d\n\n", k + 1, int(rand() * 100000) >> f
          t = ""
          while (length(t) < 900) t = t s[int(rand() * m)]
          print t >> f
        }
        close(f)
      }
    }'

  echo "== ingesting" >&2
  start=$(date +%s.%N)
  "$tmp/kgrag" ingest --quiet --data "$data" "$tmp/kb" >"$tmp/ingest.txt" 2>&1 || { cat "$tmp/ingest.txt" >&2; exit 1; }
  ingest_s=$(echo "$(date +%s.%N) - $start" | bc)
  [[ -n "${DATA:-}" ]] && cp "$tmp/ingest.txt" "$data/bench-ingest.txt"
fi
chunks_db=$(du -m "$data/chunks.db" | cut -f1)

echo "== starting kgrag serve" >&2
KGRAG_RATE_LIMIT=0 "$tmp/kgrag" serve --addr 127.0.0.1:0 --data "$data" --log-level info >"$tmp/serve.log" 2>&1 &
pid=$!
addr=""
for _ in $(seq 1 600); do
  addr="$(sed -n 's/.*"addr":"\([^"]*\)".*"message":"kgrag serving".*/\1/p' "$tmp/serve.log" | head -n1)"
  [[ -n "$addr" ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$tmp/serve.log" >&2
    echo "bench-memory: kgrag serve exited" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$addr" ]]; then
  cat "$tmp/serve.log" >&2
  echo "bench-memory: kgrag serve did not start" >&2
  exit 1
fi
for _ in $(seq 1 300); do
  curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 5 # the word segmenter's dictionary loads in the background at start-up

mem() { # VmRSS RssAnon RssFile VmHWM of the server, in MiB
  awk '/^(VmRSS|RssAnon|RssFile|VmHWM):/ { v[$1] = sprintf("%.0f", $2 / 1024) }
    END { print v["VmRSS:"], v["RssAnon:"], v["RssFile:"], v["VmHWM:"] }' "/proc/$pid/status"
}
ready_mem="$(mem)"
"$tmp/kgrag" load --url "http://$addr/graphql" --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" \
  --questions "$DEV_SET/qa.jsonl" >"$tmp/load.md"
load_mem="$(mem)"

kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""

count=$(cat "$tmp/ingest.txt" "$data/bench-ingest.txt" 2>/dev/null | sed -n 's/^chunks: *\([0-9]*\):.*/\1/p' | head -n1 || true)
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)"
echo
echo "Machine: $(nproc) cores (${cpu:-unknown CPU}), $(go env GOOS)/$(go env GOARCH), $(go version | awk '{print $3}'); server and load generator on the same machine."
echo
echo "Corpus: dev KB + $DOCS synthetic documents × $SECTIONS sections${count:+ ($count chunks)}; ${ingest_s:+ingest ${ingest_s%.*}.$(echo "$ingest_s" | cut -d. -f2 | cut -c1) s; }chunks.db $chunks_db MiB."
echo
echo "| kgrag serve | VmRSS MiB | RssAnon MiB | RssFile MiB | VmHWM MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
for row in "ready:$ready_mem" "after load:$load_mem"; do
  name="${row%%:*}"
  set -- ${row#*:}
  echo "| $name | $1 | $2 | $3 | $4 |"
done
echo
echo "### GraphQL ask under load (kgrag load, $DURATION per run)"
echo
sed -n '/^|/p' "$tmp/load.md"
