package graph_test

import (
	"context"
	"os"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/neo4jkg"
)

// The end-to-end tests run once more against Neo4j when it is configured.
func init() {
	backends = append(backends, backend{"neo4j", func(t *testing.T) kg.Store {
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
	}})
}
