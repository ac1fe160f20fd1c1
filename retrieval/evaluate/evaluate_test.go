package evaluate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kgrag/kg"
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

func TestEvidenceRecall(t *testing.T) {
	q := Question{ID: "q", Lang: "zh", MustInclude: []string{"SPF50+", "11月11日"}}
	ev := func(texts ...string) *kg.Trace {
		tr := &kg.Trace{}
		for _, x := range texts {
			tr.Evidence = append(tr.Evidence, kg.Evidence{Text: x})
		}
		return tr
	}
	cases := []struct {
		name    string
		r       Result
		in      *bool
		missing []string
		pieces  int
		chars   int
	}{
		{"all keys, normalised", Result{Status: "REFUSED", Trace: ev("清透防晒乳：ＳＰＦ５０＋", "价保至2025年11月11日")}, ptr(true), nil, 2, 26},
		{"one key missing", Result{Status: "ANSWERED", Trace: ev("SPF50")}, ptr(false), []string{"SPF50+", "11月11日"}, 1, 5},
		{"no key across two pieces", Result{Status: "ANSWERED", Trace: ev("价保至 SPF", "50+ 11月11日")}, ptr(false), []string{"SPF50+"}, 2, 17},
		{"no evidence", Result{Status: "REFUSED", Trace: ev()}, ptr(false), []string{"SPF50+", "11月11日"}, 0, 0},
		{"no trace", Result{Status: "ANSWERED"}, nil, nil, -1, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			Judge(q, &r, 2025)
			if (r.GoldInEvidence == nil) != (tc.in == nil) || (tc.in != nil && *r.GoldInEvidence != *tc.in) {
				t.Errorf("GoldInEvidence = %v, want %v", r.GoldInEvidence, tc.in)
			}
			if strings.Join(r.EvidenceMissing, "|") != strings.Join(tc.missing, "|") {
				t.Errorf("EvidenceMissing = %q, want %q", r.EvidenceMissing, tc.missing)
			}
			if tc.pieces < 0 {
				if r.EvidencePieces != nil || r.EvidenceChars != nil {
					t.Errorf("evidence size measured without a trace")
				}
			} else if r.EvidencePieces == nil || *r.EvidencePieces != tc.pieces || *r.EvidenceChars != tc.chars {
				t.Errorf("evidence size = %d pieces %d chars, want %d, %d", intOr(r.EvidencePieces), intOr(r.EvidenceChars), tc.pieces, tc.chars)
			}
		})
	}
	// A refusal question is not scored for evidence recall.
	r := Result{Status: "REFUSED", Trace: ev("x")}
	Judge(Question{ID: "r", Refuse: true}, &r, 2025)
	if r.GoldInEvidence != nil {
		t.Errorf("refusal question scored for evidence recall: %v", *r.GoldInEvidence)
	}
}

func TestReportEvidenceAndLanguages(t *testing.T) {
	n := func(v int) *int { return &v }
	rs := []Result{
		{Type: "lookup", Lang: "zh", Verdict: "correct", GoldInEvidence: ptr(true), EvidencePieces: n(2), EvidenceChars: n(100)},
		{Type: "lookup", Lang: "en", Verdict: "wrong", GoldInEvidence: ptr(false), EvidencePieces: n(4), EvidenceChars: n(300)},
		{Type: "refusal", Lang: "zh", Refuse: true, Verdict: "refused", Status: "REFUSED", EvidencePieces: n(9), EvidenceChars: n(900)},
	}
	rep := NewReport("t", rs)
	s := rep.Summary
	if s.EvidenceRecall == nil || *s.EvidenceRecall != 0.5 || s.EvidenceQuestions != 2 {
		t.Errorf("evidence recall = %v of %d, want 0.5 of 2", s.EvidenceRecall, s.EvidenceQuestions)
	}
	if s.EvidencePieces == nil || *s.EvidencePieces != 3 || s.EvidenceChars == nil || *s.EvidenceChars != 200 {
		t.Errorf("evidence size = %v pieces, %v chars, want 3, 200 (answerable questions only)", s.EvidencePieces, s.EvidenceChars)
	}
	if len(rep.ByLang) != 2 || rep.ByLang["zh"].Questions != 2 || *rep.ByLang["en"].EvidenceRecall != 0 {
		t.Errorf("ByLang = %+v", rep.ByLang)
	}
	table := rep.Table()
	for _, want := range []string{"ev.rec", "ev.n", "ev.chars", "\nlang ", "\nen ", "\nzh ", "\noverall "} {
		if !strings.Contains(table, want) {
			t.Errorf("Table() has no %q:\n%s", want, table)
		}
	}
	if plain := NewReport("t", []Result{{Type: "lookup", Verdict: "correct"}}); strings.Contains(plain.Table(), "ev.rec") || plain.ByLang != nil {
		t.Errorf("a report without evidence or languages shows them:\n%s", plain.Table())
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

// intOr is *p, or -1 for nil.
func intOr(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}
