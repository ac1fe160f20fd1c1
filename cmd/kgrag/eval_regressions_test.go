package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/rs/zerolog"

	"kgrag/kg"
	"kgrag/kg/memkg"
	"kgrag/retrieval/evaluate"
)

// TestRegressions: the approved dev corrections become regression cases
// that pass, and fail once the graph loses a fix.
func TestRegressions(t *testing.T) {
	dev := benchDevSet(t)
	set, err := evaluate.Load(dev)
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	env, err := openEvalEnv(data, set.DefaultAsOf)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	col, err := env.Ingester.Collect(ctx, evalKB, []string{dev + "/kb"})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.ingest(ctx, evalKB, col.Inputs); err != nil {
		t.Fatal(err)
	}
	for _, c := range set.Corrections {
		if err := applyCorrection(ctx, env.Feedback, evalKB, c); err != nil {
			t.Fatalf("correction %s: %v", c.ID, err)
		}
	}
	env.Close()

	var out bytes.Buffer
	res, err := runRegressions(ctx, Config{DataDir: data}, evalKB, &out, zerolog.Nop())
	if err != nil || len(res) != len(set.Corrections) {
		t.Fatalf("runRegressions = %d cases, %v\n%s", len(res), err, out.String())
	}
	// Someone puts the old price back by hand: the case for it fails.
	s, err := memkg.Open(data, memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Apply(ctx, evalKB, kg.Batch{Entities: []kg.EntityUpsert{{ID: "LJ-1002",
		Attributes: []kg.Attribute{{Key: "price_cny", Kind: kg.KindNumber, Value: "299"}}}}})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	res, err = runRegressions(ctx, Config{DataDir: data}, evalKB, &out, zerolog.Nop())
	if err == nil {
		t.Fatalf("runRegressions passed after the fix was undone:\n%s", out.String())
	}
	failed := 0
	for _, r := range res {
		if !r.Passed {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d cases failed, want 1 (LJ-1002's price):\n%s", failed, out.String())
	}
}
