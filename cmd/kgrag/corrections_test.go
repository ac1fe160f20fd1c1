package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kgrag/feedback"
	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
)

// TestDevCorrectionsSurviveReingest is the corrections issue's "done when"
// on the dev set: each correction is submitted and approved, its question is
// answered with the new value and not the old, the fact's history and the
// answer's trace show the correction, and re-ingesting the knowledge base —
// unchanged, and then with the corrected records changed in other fields —
// keeps every correction.
func TestDevCorrectionsSurviveReingest(t *testing.T) {
	dev := benchDevSet(t)
	set, err := evaluate.Load(dev)
	if err != nil {
		t.Fatal(err)
	}
	// A copy of the knowledge base we can edit.
	kbDir := filepath.Join(t.TempDir(), "kb")
	copyDir(t, filepath.Join(dev, "kb"), kbDir)
	env, err := openEvalEnv(t.TempDir(), set.DefaultAsOf)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	ctx := context.Background()
	ingestAll := func(wantChanged bool) {
		t.Helper()
		col, err := env.Ingester.Collect(ctx, evalKB, []string{kbDir})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := env.Ingester.Ingest(ctx, evalKB, col.Inputs, ingest.RunOptions{Actor: "test"})
		if err != nil || rep.Err() != nil {
			t.Fatalf("ingest: %v %v", err, rep.Err())
		}
		changed := false
		for _, s := range rep.Sources {
			if s.Action != ingest.ActionUnchanged {
				changed = true
			}
		}
		if changed != wantChanged {
			t.Fatalf("ingest changed = %v, want %v: %+v", changed, wantChanged, rep.Sources)
		}
	}
	ingestAll(true)
	ids := map[string]feedback.Correction{}
	for _, c := range set.Corrections {
		if err := applyCorrection(ctx, env.Feedback, evalKB, c); err != nil {
			t.Fatalf("correction %s: %v", c.ID, err)
		}
	}
	list, _, err := env.Feedback.List(ctx, evalKB, feedback.Approved, 100, "")
	if err != nil || len(list) != len(set.Corrections) {
		t.Fatalf("approved corrections = %d, %v; want %d", len(list), err, len(set.Corrections))
	}
	for _, c := range list {
		ids[c.Target.EntityID+"|"+c.NewValue] = c
	}
	check := func(stage string) {
		t.Helper()
		for _, c := range set.Corrections {
			q := c.Question
			asOf, _ := set.AsOf(q)
			a, err := env.Engine.Ask(ctx, answer.Request{KB: evalKB, Question: q.Question, Channel: q.ChannelCode(), AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			r := evaluate.Result{Answer: a.Text, Status: a.Status}
			evaluate.Judge(q, &r, asOf.Year())
			if r.Verdict != "correct" {
				t.Errorf("%s: %s %q = %s (missing %v, forbidden %v): %s", stage, c.ID, q.Question, r.Verdict, r.Missing, r.Forbidden, a.Text)
			}
			_, id, _ := strings.Cut(c.Target, ":")
			cor := ids[id+"|"+c.New]
			// The fact's history shows the correction.
			h, err := env.Store.History(ctx, evalKB, id)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, ch := range h.Changes() {
				if ch.Provenance.Kind == kg.ProvCorrection && ch.Provenance.Correction == cor.ID {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: history of %s lacks correction %s", stage, id, cor.ID)
			}
			// The answer's trace rests on the corrected version, or says the text was patched.
			traced := false
			for _, e := range a.Trace.Evidence {
				if e.EntityID == id && e.Version >= cor.AppliedVersion && cor.AppliedVersion > 0 && strings.Contains(e.Text, c.New) {
					traced = true
				}
			}
			for _, n := range a.Trace.Notes {
				if strings.Contains(n, cor.ID) {
					traced = true
				}
			}
			if !traced {
				t.Errorf("%s: the trace of %q does not show correction %s: evidence %+v notes %v", stage, q.Question, cor.ID, a.Trace.Evidence, a.Trace.Notes)
			}
		}
	}
	check("after approval")
	ingestAll(false) // unchanged sources: nothing written
	check("after re-ingesting the unchanged knowledge base")
	// Change every corrected product in another field; the sources still
	// state the old values.
	p := filepath.Join(kbDir, "products.jsonl")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.ReplaceAll(string(b), `"保质期": "3年"`, `"保质期": "36个月"`)
	if edited == string(b) {
		t.Fatal("the edit changed nothing")
	}
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	ingestAll(true)
	check("after re-ingesting changed sources")
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
