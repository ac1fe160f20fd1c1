// Package teststore opens the graph stores tests run against: the embedded
// store always, Neo4j when KGRAG_NEO4J_URI is set (scripts/test.sh sets it;
// under KGRAG_TEST_REQUIRE_SERVERS=1 a missing server fails instead of
// skipping). It is for tests of packages other than the stores themselves,
// whose internal tests cannot import it (kgtest must not import neo4jkg).
package teststore

import (
	"context"
	"os"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/memkg"
	"kgrag/kg/neo4jkg"
)

// Embedded opens an embedded store in a temporary directory, closed when
// the test ends.
func Embedded(t *testing.T) kg.Store {
	t.Helper()
	s, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatalf("memkg.Open = %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Neo4j opens the Neo4j of KGRAG_NEO4J_URI (with KGRAG_NEO4J_USER,
// KGRAG_NEO4J_PASSWORD, KGRAG_NEO4J_DATABASE), closed when the test ends;
// it skips the test when no server is configured.
func Neo4j(t *testing.T) *neo4jkg.Store {
	t.Helper()
	uri := kgtest.ServerEnv(t, "KGRAG_NEO4J_URI")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := neo4jkg.Open(ctx, neo4jkg.Config{URI: uri, User: os.Getenv("KGRAG_NEO4J_USER"),
		Password: os.Getenv("KGRAG_NEO4J_PASSWORD"), Database: os.Getenv("KGRAG_NEO4J_DATABASE")})
	if err != nil {
		t.Fatalf("neo4jkg.Open(%s) = %v", uri, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Neo4jStore is Neo4j as a kg.Store, for backend lists.
func Neo4jStore(t *testing.T) kg.Store { return Neo4j(t) }
