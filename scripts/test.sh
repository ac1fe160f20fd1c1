#!/usr/bin/env bash
# The full test suite, as CI runs it (.ci/run calls this):
#   0. lints schema.graphqls with graphql-schema-linter, pinned in
#      tools/schemalint (npm ci from its lock file, cached in ~/.npm; the rules
#      kept are in tools/schemalint/.graphql-schema-linterrc), failing on any
#      violation,
#   1. builds the Neo4j Community 5.26 test launcher from Maven Central jars
#      (cached in ~/.m2 and tools/neo4jlauncher/target) and starts it on a free
#      127.0.0.1 port,
#   2. runs go vet and go test -race over every package with KGRAG_NEO4J_URI
#      set, so the contract suite and the GraphQL end-to-end tests run against
#      the real Neo4j too (KGRAG_TEST_REQUIRE_SERVERS=1 turns a missing server
#      into a failure, never a skip),
#   3. stops Neo4j, whatever happened.
# The schema linter needs Node.js 18+ with npm; the playground's browser test
# needs Chromium: Debian's chromium package is installed with apt-get when no
# chromium is on PATH (as root, else with sudo).
# Needs: Go 1.26, Java 17+, Maven, Node.js 18+ with npm, network access to the Go
# proxy, Maven Central, the npm registry and Debian's packages (first run only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dir="$(mktemp -d "${TMPDIR:-/tmp}/kgrag-neo4j.XXXXXX")"
cleanup() {
  scripts/neo4j.sh stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

echo "== graphql-schema-linter (tools/schemalint)" >&2
lint=tools/schemalint
command -v npm >/dev/null || { echo "scripts/test.sh: the schema linter needs Node.js 18+ with npm" >&2; exit 1; }
if ! cmp -s "$lint/package-lock.json" "$lint/node_modules/.kgrag-lock"; then
  (cd "$lint" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
  cp "$lint/package-lock.json" "$lint/node_modules/.kgrag-lock"
fi
"$lint/node_modules/.bin/graphql-schema-linter" --config-directory "$lint" --format compact schema.graphqls

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Chromium (apt-get install chromium) for the playground's browser test" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "== building and starting Neo4j (tools/neo4jlauncher)" >&2
scripts/neo4j.sh build
eval "$(scripts/neo4j.sh start "$dir")"
export KGRAG_NEO4J_SCRIPT="$PWD/scripts/neo4j.sh" # the resilience test starts and stops a Neo4j of its own with it
export KGRAG_TEST_REQUIRE_SERVERS=1
echo "== Neo4j at $KGRAG_NEO4J_URI" >&2

echo "== go vet" >&2
go vet ./...
echo "== go test -race" >&2
go test -race -count=1 -timeout 60m "$@" ./...
