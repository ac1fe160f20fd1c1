#!/usr/bin/env bash
# Test-only Neo4j Community 5.26 server (embedded, Bolt only, 127.0.0.1).
# See tools/neo4jlauncher/README.md.
#
#   scripts/neo4j.sh build          build the launcher (no-op when up to date)
#   scripts/neo4j.sh start DIR      start with data in DIR; prints `export ...` lines
#   scripts/neo4j.sh stop DIR       SIGTERM, wait up to 30 s, then SIGKILL
#   scripts/neo4j.sh status DIR     exit 0 (and print exports) if running
#
#   eval "$(scripts/neo4j.sh start /tmp/neo4j-test)"   # sets KGRAG_NEO4J_URI etc.
#
# Environment:
#   KGRAG_NEO4J_PORT     force the Bolt port (else DIR/port from a previous run, else a free one)
#   NEO4J_PASSWORD       unset/empty: auth disabled; else auth on, user neo4j, this password (>= 8 chars)
#   NEO4J_JAVA_OPTS      extra JVM options (appended after the defaults below)
#   NEO4J_PAGECACHE      page cache size (default 256m)
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt (default 120)
#   NEO4J_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default 30)
#   JAVA                 java binary (default: java on PATH; needs 17 or 21)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER_DIR="$ROOT/tools/neo4jlauncher"
TARGET="$LAUNCHER_DIR/target"
STAMP="$TARGET/.kgrag-build-stamp"
MAIN_CLASS="kgrag.neo4jlauncher.Main"
JAVA="${JAVA:-java}"

# JVM flags. The --add-opens are the ones Neo4j's own launcher passes on Java 17:
# without them the page cache falls back to a slower DirectByteBuffer mode and the
# transaction-log native accessor logs "Incorrect file descriptor" warnings.
DEFAULT_JVM_OPTS=(
  -Xms256m -Xmx1g
  -XX:+ExitOnOutOfMemoryError
  -XX:-OmitStackTraceInFastThrow
  -Djdk.nio.maxCachedBufferSize=1024
  -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
)

log() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Hash of everything that affects the build output.
source_hash() {
  (
    cd "$LAUNCHER_DIR"
    { echo pom.xml; find src -type f | LC_ALL=C sort; } | while read -r f; do
      printf '%s\n' "$f"; cat "$f"
    done
  ) | sha256sum | cut -d' ' -f1
}

is_built() {
  [[ -f "$STAMP" && -f "$TARGET/classes/kgrag/neo4jlauncher/Main.class" && -d "$TARGET/lib" ]] \
    && [[ "$(cat "$STAMP")" == "$(source_hash)" ]]
}

do_build() {
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  command -v "$JAVA" >/dev/null || die "java not found (apt-get install openjdk-17-jdk-headless)"
  mkdir -p "$TARGET"
  # Serialize concurrent builds (e.g. several test packages starting at once).
  exec 9>"$TARGET/.build.lock"
  if command -v flock >/dev/null; then flock 9; fi
  if is_built; then
    exec 9>&-
    return 0
  fi
  log "building neo4j launcher (the first build on a machine downloads ~170 MB into ~/.m2)..."
  local t0=$SECONDS
  # Wipe target/lib only when the pom changed (stale jars of an old Neo4j version must go);
  # a plain source change leaves the jars alone so a server running from them is unaffected.
  local pom_hash
  pom_hash=$(sha256sum "$LAUNCHER_DIR/pom.xml" | cut -d' ' -f1)
  if [[ "$(cat "$TARGET/.kgrag-pom-stamp" 2>/dev/null)" != "$pom_hash" ]]; then
    rm -rf "${TARGET:?}/lib"
  fi
  rm -f "$STAMP"
  # All Maven output goes to stderr so `eval "$(neo4j.sh start DIR)"` stays clean.
  # (Debian's Maven prints stray ESC[0m codes even with -q -B; strip them.)
  if ! (cd "$LAUNCHER_DIR" && mvn -q -B -Dstyle.color=never -DskipTests package 2>&1) \
      | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2; then
    die "maven build failed"
  fi
  source_hash >"$STAMP"
  echo "$pom_hash" >"$TARGET/.kgrag-pom-stamp"
  log "built in $((SECONDS - t0)) s"
  exec 9>&-
}

abs_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}

# Prints the pid in DIR/pid if that process is alive and is our launcher.
running_pid() {
  local dir=$1 pid
  [[ -f "$dir/pid" ]] || return 1
  pid=$(cat "$dir/pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
  echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

print_exports() {
  local uri=$1
  printf 'export KGRAG_NEO4J_URI=%q\n' "$uri"
  printf 'export KGRAG_NEO4J_USER=%q\n' "neo4j"
  printf 'export KGRAG_NEO4J_PASSWORD=%q\n' "${NEO4J_PASSWORD:-}"
}

uri_port() { # bolt://127.0.0.1:PORT -> PORT
  local uri=$1
  echo "${uri##*:}"
}

fail_start() {
  local dir=$1 msg=$2 pid
  log "$msg"
  if pid=$(running_pid "$dir"); then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/pid" "$dir/ready"
  {
    echo "---- tail of $dir/neo4j.log ----"
    tail -n 60 "$dir/neo4j.log" 2>/dev/null || true
    if [[ -f "$dir/home/logs/debug.log" ]]; then
      echo "---- ERROR/WARN lines of $dir/home/logs/debug.log (last 20) ----"
      grep -E ' (ERROR|WARN) ' "$dir/home/logs/debug.log" | tail -n 20 || true
    fi
  } >&2
  exit 1
}

do_start() {
  local dir pid port uri timeout deadline
  [[ $# -ge 1 ]] || die "usage: neo4j.sh start DIR"
  dir=$(abs_dir "$1")
  timeout=${NEO4J_START_TIMEOUT:-120}

  if pid=$(running_pid "$dir"); then
    if [[ -f "$dir/ready" ]] && port_open "$(uri_port "$(cat "$dir/ready")")"; then
      log "already running (pid $pid)"
      print_exports "$(cat "$dir/ready")"
      return 0
    fi
    die "a launcher is already running for $dir (pid $pid) but is not ready; run: neo4j.sh stop $dir"
  fi

  do_build

  if [[ -n "${KGRAG_NEO4J_PORT:-}" ]]; then
    port=$KGRAG_NEO4J_PORT
  elif [[ -s "$dir/port" ]]; then
    port=$(cat "$dir/port")
    if port_open "$port"; then
      log "port $port recorded in $dir/port is taken by another process; picking a free port"
      port=0
    fi
  else
    port=0
  fi
  [[ "$port" =~ ^[0-9]+$ ]] || die "bad port: $port"

  rm -f "$dir/ready" "$dir/pid"
  printf '==== %s start (port %s) ====\n' "$(date -Is)" "$port" >>"$dir/neo4j.log"
  local jvm_opts=("${DEFAULT_JVM_OPTS[@]}")
  # shellcheck disable=SC2206 # word splitting intended
  [[ -n "${NEO4J_JAVA_OPTS:-}" ]] && jvm_opts+=(${NEO4J_JAVA_OPTS})
  # stdout/stderr both go to the log so no pipe of a caller's $(...) stays open.
  "$JAVA" "${jvm_opts[@]}" -cp "$TARGET/classes:$TARGET/lib/*" "$MAIN_CLASS" \
    --home "$dir/home" --port "$port" --ready-file "$dir/ready" \
    </dev/null >>"$dir/neo4j.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/pid"

  local t0=$SECONDS
  deadline=$((SECONDS + timeout))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      fail_start "$dir" "launcher exited during startup"
    fi
    if [[ -s "$dir/ready" ]]; then
      uri=$(head -n1 "$dir/ready")
      if port_open "$(uri_port "$uri")"; then
        break
      fi
    fi
    ((SECONDS < deadline)) || fail_start "$dir" "timed out after ${timeout}s waiting for Bolt"
    sleep 0.2
  done
  uri_port "$uri" >"$dir/port"
  log "started pid $pid at $uri in $((SECONDS - t0)) s (logs: $dir/neo4j.log, $dir/home/logs/debug.log)"
  print_exports "$uri"
}

do_stop() {
  local dir pid timeout deadline
  [[ $# -ge 1 ]] || die "usage: neo4j.sh stop DIR"
  [[ -d "$1" ]] || { log "no such dir $1; nothing to stop"; return 0; }
  dir=$(abs_dir "$1")
  timeout=${NEO4J_STOP_TIMEOUT:-30}
  if ! pid=$(running_pid "$dir"); then
    rm -f "$dir/pid" "$dir/ready"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still alive after ${timeout}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$dir/pid" "$dir/ready"
  log "stopped pid $pid"
}

do_status() {
  local dir pid
  [[ $# -ge 1 ]] || die "usage: neo4j.sh status DIR"
  [[ -d "$1" ]] || { log "not running"; return 1; }
  dir=$(abs_dir "$1")
  if pid=$(running_pid "$dir") && [[ -s "$dir/ready" ]] && port_open "$(uri_port "$(cat "$dir/ready")")"; then
    log "running (pid $pid)"
    print_exports "$(cat "$dir/ready")"
    return 0
  fi
  log "not running"
  return 1
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case "$cmd" in
  build) do_build ;;
  start) do_start "$@" ;;
  stop) do_stop "$@" ;;
  status) do_status "$@" ;;
  *)
    sed -n '2,19p' "$0" >&2
    exit 2
    ;;
esac
