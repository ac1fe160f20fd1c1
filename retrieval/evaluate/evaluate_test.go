package evaluate

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNormalizeAnswer(t *testing.T) {
	cases := []struct {
		in   string
		year int
		want string
	}{
		{"价保至2025年11月11日 23:59:59", 2025, "价保至2025-11-1123:59:59"},
		{"截至11月11日", 2025, "截至2025-11-11"},
		{"上市日期：2026-3-1", 2025, "上市日期:2026-03-01"},
		{"ＳＰＦ５０＋ PA++++", 2025, "spf50+pa++++"},
	}
	for _, tc := range cases {
		if got := NormalizeAnswer(tc.in, tc.year); got != tc.want {
			t.Errorf("NormalizeAnswer(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJudge(t *testing.T) {
	q := Question{ID: "q", MustInclude: []string{"15天"}, MustNotInclude: []string{"30天"}, Sources: []string{"policy:lj-returns-2024", "faq:F1"}}
	cases := []struct {
		r    Result
		want string
	}{
		{Result{Answer: "质量问题15天内可换。", Status: "ANSWERED", CitedSources: []string{"lj-returns-2024"}}, "correct"},
		{Result{Answer: "15天或30天", Status: "ANSWERED"}, "wrong"},
		{Result{Answer: "抱歉", Status: "REFUSED"}, "false_refusal"},
	}
	for _, tc := range cases {
		r := tc.r
		Judge(q, &r, 2025)
		if r.Verdict != tc.want {
			t.Errorf("Judge(%q) = %s, want %s", r.Answer, r.Verdict, tc.want)
		}
	}
	r := Result{Answer: "15天", Status: "ANSWERED", CitedSources: []string{"lj-returns-2024"}}
	Judge(q, &r, 2025)
	if r.SourceRecall == nil || *r.SourceRecall != 0.5 {
		t.Errorf("source recall = %v, want 0.5", r.SourceRecall)
	}
	ref := Question{ID: "r", Refuse: true, MustNotInclude: []string{"已确认"}}
	for ans, want := range map[string]string{"抱歉无法办理": "refused", "已确认90天可退": "missed_refusal"} {
		r := Result{Answer: ans, Status: "REFUSED"}
		if ans == "已确认90天可退" {
			r.Status = "ANSWERED"
		}
		Judge(ref, &r, 2025)
		if r.Verdict != want {
			t.Errorf("refusal %q = %s, want %s", ans, r.Verdict, want)
		}
	}
	s := Summarize([]Result{{Verdict: "correct"}, {Verdict: "false_refusal", Status: "REFUSED"}, {Refuse: true, Verdict: "refused", Status: "REFUSED"}, {Refuse: true, Verdict: "missed_refusal", Status: "ANSWERED"}})
	if s.FullyCorrect != 0.5 || s.FalseRefusalRate != 0.5 || s.RefusalRecall != 0.5 || s.RefusalPrecision != 0.5 {
		t.Errorf("Summarize = %+v", s)
	}
}

func TestLoadDevSet(t *testing.T) {
	dir, _ := os.Getwd()
	p := filepath.Join(dir, "..", "..", "..", "shared", "eval", "dev")
	if _, err := os.Stat(p); err != nil {
		t.Skip("../shared/eval/dev not beside the repository")
	}
	s, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Questions) != 90 || len(s.Corrections) != 7 || s.DefaultAsOf.Format("2006-01-02") != "2025-12-01" {
		t.Errorf("Load = %d questions, %d corrections, default %v", len(s.Questions), len(s.Corrections), s.DefaultAsOf)
	}
}
