package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestEvalOnNeo4j runs `kgrag eval --kb` with KGRAG_NEO4J_URI set: the
// evaluation must run on the configured graph store (in a knowledge base of
// its own), not on a fresh embedded one, and score as it does there.
func TestEvalOnNeo4j(t *testing.T) {
	uri := kgtest.ServerEnv(t, "KGRAG_NEO4J_URI")
	dev := benchDevSet(t)
	out := filepath.Join(t.TempDir(), "report.json")
	getenv := func(k string) string {
		if k == "KGRAG_NEO4J_URI" {
			return uri
		}
		return os.Getenv(k)
	}
	var stdout, stderr strings.Builder
	if err := run(context.Background(), []string{"eval", "--kb", dev, "--out", out}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("eval = %v\n%s", err, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep evaluate.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "graph Neo4j "+uri) }) {
		t.Errorf("report notes %q do not say the run was on Neo4j %s", rep.Notes, uri)
	}
	if rep.Summary.FullyCorrect < 0.85 {
		t.Errorf("fully correct on Neo4j = %.3f, want about the embedded figure (≥ 0.85)\n%s", rep.Summary.FullyCorrect, stdout.String())
	}
}
