package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"kgrag/retrieval/evaluate"
)

// evalFloor is testdata/eval_floor.json: the least the dev-set evaluation
// may score. Raise it (measured minus a small margin) when answering improves.
type evalFloor struct {
	FullyCorrect  float64 `json:"fully_correct"`
	RefusalRecall float64 `json:"refusal_recall"`
}

func readFloor(t *testing.T) evalFloor {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "eval_floor.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f evalFloor
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("eval_floor.json: %v", err)
	}
	if f.FullyCorrect <= 0 || f.FullyCorrect > 1 || f.RefusalRecall <= 0 || f.RefusalRecall > 1 {
		t.Fatalf("eval_floor.json: floors %+v: want fractions in (0, 1]", f)
	}
	return f
}

// belowFloor lists the figures of s under the floors.
func belowFloor(s evaluate.Summary, f evalFloor) []string {
	var out []string
	if s.FullyCorrect < f.FullyCorrect {
		out = append(out, fmt.Sprintf("fully_correct %.4f < floor %.4f", s.FullyCorrect, f.FullyCorrect))
	}
	if s.RefusalRecall < f.RefusalRecall {
		out = append(out, fmt.Sprintf("refusal_recall %.4f < floor %.4f", s.RefusalRecall, f.RefusalRecall))
	}
	return out
}

func TestBelowFloor(t *testing.T) {
	f := evalFloor{FullyCorrect: 0.75, RefusalRecall: 0.97}
	cases := []struct {
		name string
		s    evaluate.Summary
		want int
	}{
		{"above", evaluate.Summary{FullyCorrect: 0.78, RefusalRecall: 1}, 0},
		{"at the floors", evaluate.Summary{FullyCorrect: 0.75, RefusalRecall: 0.97}, 0},
		{"correct drops", evaluate.Summary{FullyCorrect: 0.7, RefusalRecall: 1}, 1},
		{"both drop", evaluate.Summary{FullyCorrect: 0.7, RefusalRecall: 0.9}, 2},
	}
	for _, tc := range cases {
		if got := belowFloor(tc.s, f); len(got) != tc.want {
			t.Errorf("%s: belowFloor(%+v) = %v, want %d findings", tc.name, tc.s, got, tc.want)
		}
	}
}

// TestEvalFloor runs the dev-set evaluation with the offline defaults
// (what kgrag eval --kb ../shared/eval/dev prints) and fails when
// fully-correct or refusal recall falls below testdata/eval_floor.json.
func TestEvalFloor(t *testing.T) {
	dir, ok := evaluate.FindShared("KGRAG_DEV_SET", filepath.Join("eval", "dev"))
	if !ok {
		t.Skip("shared/eval/dev not found beside the repository; set KGRAG_DEV_SET")
	}
	floor := readFloor(t)
	set, err := evaluate.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := runEval(context.Background(), set, "", zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dev set: fully_correct %.4f, refusal_recall %.4f (floors %.4f, %.4f)\n%s",
		rep.Summary.FullyCorrect, rep.Summary.RefusalRecall, floor.FullyCorrect, floor.RefusalRecall, rep.Table())
	if rep.Summary.Errors > 0 {
		t.Errorf("%d questions failed with an error", rep.Summary.Errors)
	}
	for _, b := range belowFloor(rep.Summary, floor) {
		t.Errorf("dev set below its floor: %s (kgrag eval --kb %s --show 20 lists the failures)", b, dir)
	}
}
