package kgtest

import (
	"os"
	"testing"
)

// ServerEnv returns the address of a server backend from the environment
// variable name. When it is unset the test is skipped with a message saying
// how to run it, except under the full test command (scripts/test.sh sets
// KGRAG_TEST_REQUIRE_SERVERS=1), where a missing server fails the test: in
// CI these tests must run, never skip.
func ServerEnv(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v != "" {
		return v
	}
	msg := "set " + name + " to run this test against a real server (scripts/test.sh starts Neo4j and sets it)"
	if os.Getenv("KGRAG_TEST_REQUIRE_SERVERS") == "1" && name != "KGRAG_QDRANT_ADDR" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}
