package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"kgrag/retrieval/evaluate"
)

// evalFloors is testdata/eval_floor.json: the least each evaluation may
// score. Raise the floors (measured minus a small margin) when answering
// improves, and write what was measured, at which commit, in "measured".
type evalFloors struct {
	Sets []setFloor `json:"sets"`
}

// setFloor is the floor of one evaluation: a question set beside the
// repository (KB, a directory under shared/, e.g. eval/dev) or a public
// dataset of shared/datasets (Dataset, its first Limit questions spread
// over the file, as kgrag eval --dataset NAME --limit N asks them). A
// figure left out is not checked.
type setFloor struct {
	Name    string `json:"name"`
	KB      string `json:"kb,omitempty"`
	Repo    string `json:"repo,omitempty"` // a question set in this repository (eval/nuanyu)
	Dataset string `json:"dataset,omitempty"`
	Limit   int    `json:"limit,omitempty"`
	// Floors, fractions 0..1: fully correct (KdConv: a gold value in the
	// answer), refusal recall and evidence recall; FalseRefusalMax is a
	// ceiling.
	FullyCorrect    *float64 `json:"fully_correct,omitempty"`
	RefusalRecall   *float64 `json:"refusal_recall,omitempty"`
	FalseRefusalMax *float64 `json:"false_refusal_max,omitempty"`
	EvidenceRecall  *float64 `json:"evidence_recall,omitempty"`
}

func readFloors(t *testing.T) evalFloors {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "eval_floor.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f evalFloors
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("eval_floor.json: %v", err)
	}
	if len(f.Sets) == 0 {
		t.Fatal("eval_floor.json: no sets")
	}
	for _, s := range f.Sets {
		if n := btoi(s.KB != "") + btoi(s.Dataset != "") + btoi(s.Repo != ""); n != 1 {
			t.Fatalf("eval_floor.json: set %q: want one of kb, repo or dataset", s.Name)
		}
		for name, v := range map[string]*float64{"fully_correct": s.FullyCorrect, "refusal_recall": s.RefusalRecall,
			"false_refusal_max": s.FalseRefusalMax, "evidence_recall": s.EvidenceRecall} {
			if v != nil && (*v < 0 || *v > 1) {
				t.Fatalf("eval_floor.json: set %q: %s %v: want a fraction in [0, 1]", s.Name, name, *v)
			}
		}
	}
	return f
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// belowFloor lists the figures of s beyond the floor's limits.
func belowFloor(s evaluate.Summary, f setFloor) []string {
	var out []string
	under := func(name string, v float64, floor *float64) {
		if floor != nil && v < *floor {
			out = append(out, fmt.Sprintf("%s %.4f < floor %.4f", name, v, *floor))
		}
	}
	under("fully_correct", s.FullyCorrect, f.FullyCorrect)
	under("refusal_recall", s.RefusalRecall, f.RefusalRecall)
	if f.FalseRefusalMax != nil && s.FalseRefusalRate > *f.FalseRefusalMax {
		out = append(out, fmt.Sprintf("false_refusal_rate %.4f > ceiling %.4f", s.FalseRefusalRate, *f.FalseRefusalMax))
	}
	if f.EvidenceRecall != nil {
		if s.EvidenceRecall == nil {
			out = append(out, "evidence_recall not measured")
		} else {
			under("evidence_recall", *s.EvidenceRecall, f.EvidenceRecall)
		}
	}
	return out
}

func TestBelowFloor(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	f := setFloor{FullyCorrect: v(0.75), RefusalRecall: v(0.97), FalseRefusalMax: v(0.03), EvidenceRecall: v(0.9)}
	cases := []struct {
		name  string
		s     evaluate.Summary
		floor setFloor
		want  int
	}{
		{"above", evaluate.Summary{FullyCorrect: 0.78, RefusalRecall: 1, EvidenceRecall: v(0.95)}, f, 0},
		{"at the floors", evaluate.Summary{FullyCorrect: 0.75, RefusalRecall: 0.97, FalseRefusalRate: 0.03, EvidenceRecall: v(0.9)}, f, 0},
		{"correct drops", evaluate.Summary{FullyCorrect: 0.7, RefusalRecall: 1, EvidenceRecall: v(0.95)}, f, 1},
		{"both drop", evaluate.Summary{FullyCorrect: 0.7, RefusalRecall: 0.9, EvidenceRecall: v(0.95)}, f, 2},
		{"false refusals rise", evaluate.Summary{FullyCorrect: 0.8, RefusalRecall: 1, FalseRefusalRate: 0.05, EvidenceRecall: v(0.95)}, f, 1},
		{"evidence recall drops", evaluate.Summary{FullyCorrect: 0.8, RefusalRecall: 1, EvidenceRecall: v(0.85)}, f, 1},
		{"evidence recall not measured", evaluate.Summary{FullyCorrect: 0.8, RefusalRecall: 1}, f, 1},
		{"all four", evaluate.Summary{FullyCorrect: 0.1, RefusalRecall: 0.1, FalseRefusalRate: 0.5, EvidenceRecall: v(0.1)}, f, 4},
		{"unchecked figures", evaluate.Summary{FullyCorrect: 0.8, FalseRefusalRate: 0.5}, setFloor{FullyCorrect: v(0.75)}, 0},
	}
	for _, tc := range cases {
		if got := belowFloor(tc.s, tc.floor); len(got) != tc.want {
			t.Errorf("%s: belowFloor(%+v) = %v, want %d findings", tc.name, tc.s, got, tc.want)
		}
	}
}

// TestEvalFloor runs each evaluation of testdata/eval_floor.json with the
// offline defaults (what kgrag eval --kb ../shared/eval/dev and kgrag eval
// --dataset kdconv --limit N print) and fails when a figure falls below its
// floor (or false refusals rise above their ceiling). A set skips only when
// it is not beside the repository: KGRAG_DEV_SET, KGRAG_DEV2_SET and
// KGRAG_DATASETS point elsewhere.
func TestEvalFloor(t *testing.T) {
	floors := readFloors(t)
	log := zerolog.New(io.Discard)
	for _, f := range floors.Sets {
		t.Run(f.Name, func(t *testing.T) {
			// Each evaluation builds its own service in its own
			// directory, so they run side by side (go test -parallel,
			// the number of CPUs by default) and -race checks that
			// they share nothing they should not.
			t.Parallel()
			var rep *evaluate.Report
			var err error
			how := ""
			switch {
			case f.Repo != "":
				dir := filepath.Join("..", "..", f.Repo)
				set, err := evaluate.Load(dir)
				if err != nil {
					t.Fatal(err)
				}
				if rep, err = runEval(context.Background(), set, evalTarget{}, log); err != nil {
					t.Fatal(err)
				}
				how = "kgrag eval --kb " + f.Repo + " --show 20"
			case f.KB != "":
				env := "KGRAG_" + strings.ToUpper(f.Name) + "_SET"
				dir, ok := evaluate.FindShared(env, f.KB)
				if !ok {
					t.Skipf("shared/%s not found beside the repository; set %s", f.KB, env)
				}
				set, err := evaluate.Load(dir)
				if err != nil {
					t.Fatal(err)
				}
				if rep, err = runEval(context.Background(), set, evalTarget{}, log); err != nil {
					t.Fatal(err)
				}
				how = "kgrag eval --kb " + dir + " --show 20"
			default:
				dir, ok := evaluate.FindShared("KGRAG_DATASETS", "datasets")
				if !ok {
					t.Skip("shared/datasets not found beside the repository; set KGRAG_DATASETS")
				}
				o := datasetOptions{Name: f.Dataset, Dir: dir, Limit: f.Limit, Domain: "travel", Split: "test"}
				if rep, err = runDataset(context.Background(), o, log); err != nil {
					t.Fatal(err)
				}
				how = fmt.Sprintf("kgrag eval --dataset %s --limit %d --show 20", f.Dataset, f.Limit)
			}
			s := rep.Summary
			measured := map[string]float64{"fully_correct": s.FullyCorrect, "false_refusal_rate": s.FalseRefusalRate}
			if s.RefusalQuestions > 0 {
				measured["refusal_recall"] = s.RefusalRecall
			}
			if s.EvidenceRecall != nil {
				measured["evidence_recall"] = *s.EvidenceRecall
			}
			b, _ := json.Marshal(measured)
			t.Logf("%s measured %s\n%s", f.Name, b, rep.Table())
			if s.Errors > 0 {
				t.Errorf("%d questions failed with an error", s.Errors)
			}
			for _, b := range belowFloor(s, f) {
				t.Errorf("%s below its floor: %s (%s lists the failures)", f.Name, b, how)
			}
		})
	}
}
