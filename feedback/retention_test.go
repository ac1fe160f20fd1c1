package feedback_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
)

// TestPruneTraces: answers older than the cut-off are deleted, except the
// corrected ones (whose approved correction is a regression case) and the
// rated ones; newer answers stay.
func TestPruneTraces(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		old := tStart.Add(-100 * 24 * time.Hour)
		for i := range 6 {
			tr := kg.Trace{ID: fmt.Sprintf("ans-old-%d", i), CreatedAt: old.Add(time.Duration(i) * time.Minute), Question: "烟酰胺亮白精华多少钱",
				Status: "ANSWERED", Answer: "299元", LinkedEntities: []string{"LJ-1002"}}
			if err := e.st.PutTrace(e.ctx, e.kb, tr); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.st.PutTrace(e.ctx, e.kb, kg.Trace{ID: "ans-new", CreatedAt: tStart, Question: "q", Status: "ANSWERED"}); err != nil {
			t.Fatal(err)
		}
		in := priceInput("279")
		in.AnswerID = "ans-old-1"
		mustApprove(t, e, mustSubmit(t, e, "agent", in).ID)
		pending := priceInput("259")
		pending.AnswerID = "ans-old-2"
		pending.OldValue = "279"
		mustSubmit(t, e, "agent", pending)
		if _, err := e.fb.Rate(e.ctx, e.kb, "agent", "ans-old-3", false, "wrong"); err != nil {
			t.Fatal(err)
		}

		r, err := e.fb.PruneTraces(e.ctx, e.kb, "test", tStart.Add(-90*24*time.Hour))
		if err != nil {
			t.Fatalf("PruneTraces = %v", err)
		}
		if r.Deleted != 3 || r.Protected != 3 {
			t.Errorf("PruneTraces = %+v, want 3 deleted and 3 protected", r)
		}
		page, err := e.st.Traces(e.ctx, e.kb, kg.TraceQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, tr := range page.Traces {
			ids = append(ids, tr.ID)
		}
		slices.Sort(ids)
		if want := []string{"ans-new", "ans-old-1", "ans-old-2", "ans-old-3"}; !slices.Equal(ids, want) {
			t.Errorf("answers after pruning = %v, want %v", ids, want)
		}
		regs, err := e.fb.Regressions(e.ctx, e.kb)
		if err != nil || len(regs) != 1 || regs[0].Question != "烟酰胺亮白精华多少钱" {
			t.Errorf("Regressions after pruning = %+v, %v; want the corrected answer's case", regs, err)
		}
	})
}

func TestParseRetention(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true}, {"0", 0, true}, {"forever", 0, true},
		{"90d", 90 * 24 * time.Hour, true}, {"2160h", 2160 * time.Hour, true}, {"1D", 24 * time.Hour, true},
		{"-1d", 0, false}, {"10m", 0, false}, {"abc", 0, false}, {"d", 0, false},
	}
	for _, tc := range cases {
		got, err := feedback.ParseRetention(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseRetention(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
