package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kgrag/kg/kgtest"
	"kgrag/kg/neo4jkg"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
)

// TestNeo4jAnswersLikeEmbedded ingests the dev knowledge base into the
// embedded graph store and into Neo4j, asks every dev question on both, and
// requires the same answers: the graph backend must not change what the
// service says.
func TestNeo4jAnswersLikeEmbedded(t *testing.T) {
	uri := kgtest.ServerEnv(t, "KGRAG_NEO4J_URI")
	dev := benchDevSet(t)
	set, err := evaluate.Load(dev)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	n4j, err := neo4jkg.Open(ctx, neo4jkg.Config{URI: uri, User: os.Getenv("KGRAG_NEO4J_USER"),
		Password: os.Getenv("KGRAG_NEO4J_PASSWORD"), Database: os.Getenv("KGRAG_NEO4J_DATABASE")})
	if err != nil {
		t.Fatal(err)
	}
	defer n4j.Close()

	answers := func(name string, env *evalEnv, kb string) map[string]answer.Answer {
		t.Helper()
		defer env.Close()
		col, err := env.Ingester.Collect(ctx, kb, []string{filepath.Join(dev, "kb")})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.ingest(ctx, kb, col.Inputs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := map[string]answer.Answer{}
		for _, q := range set.Questions {
			asOf, _ := set.AsOf(q)
			a, err := env.Engine.Ask(ctx, answer.Request{KB: kb, Question: q.Question, Channel: q.ChannelCode(), AsOf: asOf, Caller: "test"})
			if err != nil {
				t.Fatalf("%s: ask %s: %v", name, q.ID, err)
			}
			out[q.ID] = a
		}
		return out
	}
	emb, err := openEvalEnv(t.TempDir(), set.DefaultAsOf)
	if err != nil {
		t.Fatal(err)
	}
	want := answers("embedded", emb, evalKB)
	env, err := openEvalEnvOn(t.TempDir(), set.DefaultAsOf, n4j)
	if err != nil {
		t.Fatal(err)
	}
	got := answers("neo4j", env, kgtest.NewKB(t))

	same := 0
	for _, q := range set.Questions {
		g, w := got[q.ID], want[q.ID]
		if g.Status == w.Status && g.Text == w.Text {
			same++
			continue
		}
		t.Logf("%s %s\n  embedded: %s %s\n  neo4j:    %s %s", q.ID, q.Question, w.Status, w.Text, g.Status, g.Text)
	}
	t.Logf("%d of %d answers identical", same, len(set.Questions))
	if same != len(set.Questions) {
		t.Errorf("Neo4j answered %d of %d dev questions differently from the embedded store", len(set.Questions)-same, len(set.Questions))
	}
}
