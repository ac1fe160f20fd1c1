package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kgrag/kg"
	"kgrag/retrieval/evaluate"
)

// datasetsDir finds ../shared/datasets, or skips.
func datasetsDir(t *testing.T) string {
	t.Helper()
	dir, ok := evaluate.FindShared("KGRAG_DATASETS", "datasets")
	if !ok {
		t.Skip("shared/datasets not found beside the repository; set KGRAG_DATASETS")
	}
	return dir
}

// TestEvalDatasets runs the public-dataset modes on a small slice of each
// through the command (kgrag eval --dataset all: flags, tables, JSON) and
// checks that the figures are sane: the pipeline retrieves, answers and
// refuses, not that it reaches a level.
func TestEvalDatasets(t *testing.T) {
	dir := datasetsDir(t)
	out := filepath.Join(t.TempDir(), "reports.json")
	var stdout, stderr bytes.Buffer
	args := []string{"eval", "--dataset", "all", "--limit", "30", "--data-dir", dir, "--out", out}
	if err := run(context.Background(), args, env(nil), &stdout, &stderr); err != nil {
		t.Fatalf("kgrag %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	t.Logf("kgrag %s\n%s", strings.Join(args, " "), stdout.String())
	if n := strings.Count(stdout.String(), "\noverall "); n != 3 {
		t.Errorf("tables have %d overall rows, want 3:\n%s", n, stdout.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var reps map[string]evaluate.Report
	if err := json.Unmarshal(b, &reps); err != nil {
		t.Fatalf("reports: %v", err)
	}
	type check struct {
		what string
		ok   func(s evaluate.Summary) bool
	}
	between := func(v *float64, lo, hi float64) bool { return v != nil && *v >= lo && *v <= hi }
	cases := []struct {
		name   string
		n      int      // questions expected
		types  []string // by_type keys expected
		checks []check
	}{
		{
			name: "banking77", n: 30, types: []string{"test"},
			checks: []check{
				{"top-1 accuracy above 40%", func(s evaluate.Summary) bool { return between(s.Top1, 0.4, 1) }},
				{"top-3 at least top-1", func(s evaluate.Summary) bool { return s.Top3 != nil && s.Top1 != nil && *s.Top3 >= *s.Top1 }},
				{"fully correct is top-1", func(s evaluate.Summary) bool { return s.Top1 != nil && s.FullyCorrect == *s.Top1 }},
				{"no refusal questions", func(s evaluate.Summary) bool { return s.RefusalQuestions == 0 && s.Errors == 0 }},
			},
		},
		{
			name: "clinc150", n: 90, types: []string{"in_scope", "oos", "other_domain"},
			checks: []check{
				{"in-scope accuracy above 30%", func(s evaluate.Summary) bool { return s.FullyCorrect > 0.3 }},
				{"out-of-scope refusal rate above 30%", func(s evaluate.Summary) bool { return s.RefusalRecall > 0.3 }},
				{"false refusals below 70%", func(s evaluate.Summary) bool { return s.FalseRefusalRate < 0.7 }},
				{"60 refusal questions", func(s evaluate.Summary) bool { return s.RefusalQuestions == 60 && s.Errors == 0 }},
			},
		},
		{
			name: "kdconv-travel", n: 30,
			checks: []check{
				{"gold triple in the evidence above 50%", func(s evaluate.Summary) bool { return between(s.EvidenceRecall, 0.5, 1) }},
				{"gold value in the answer above 10%", func(s evaluate.Summary) bool { return s.FullyCorrect > 0.1 }},
				{"gold entity cited above 50%", func(s evaluate.Summary) bool { return s.SourceRecall > 0.5 }},
				{"no refusal questions, no errors", func(s evaluate.Summary) bool { return s.RefusalQuestions == 0 && s.Errors == 0 }},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, ok := reps[tc.name]
			if !ok {
				t.Fatalf("no report %q among %v", tc.name, evalKeys(reps))
			}
			if len(rep.Questions) != tc.n || rep.Summary.Questions != tc.n {
				t.Errorf("report has %d questions (summary %d), want %d", len(rep.Questions), rep.Summary.Questions, tc.n)
			}
			for _, typ := range tc.types {
				if _, ok := rep.ByType[typ]; !ok {
					t.Errorf("by_type has no %q: %v", typ, evalKeys(rep.ByType))
				}
			}
			for _, c := range tc.checks {
				if !c.ok(rep.Summary) {
					t.Errorf("%s: %s", c.what, summaryString(rep.Summary))
				}
			}
		})
	}
}

func evalKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func summaryString(s evaluate.Summary) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestEvalUsage(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"nothing", []string{"eval"}, "--kb DIR or --dataset NAME is required"},
		{"both", []string{"eval", "--kb", "x", "--dataset", "banking77"}, "not both"},
		{"unknown dataset", []string{"eval", "--dataset", "squad"}, `--dataset "squad"`},
		{"negative limit", []string{"eval", "--dataset", "banking77", "--limit", "-1"}, "--limit -1"},
		{"stray argument", []string{"eval", "--dataset", "banking77", "extra"}, "unexpected arguments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, env(nil), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(fmt.Sprint(err), "usage") {
				t.Errorf("run(%q) = %v, want a usage error mentioning %q", tc.args, err, tc.want)
			}
		})
	}
}

func TestIntentFAQ(t *testing.T) {
	train := []evaluate.Utterance{{Text: "where is my card", Intent: "card_arrival"}, {Text: "card  not here\tyet", Intent: "card_arrival"}, {Text: "undo payment", Intent: "reverted_card_payment?"}}
	data, ids, used, err := intentFAQ([]string{"card_arrival", "reverted_card_payment?"}, train)
	if err != nil {
		t.Fatal(err)
	}
	want := "id,question,answer\ncard_arrival,card arrival,\"where is my card\ncard not here yet\"\nreverted_card_payment,reverted card payment,undo payment\n"
	if string(data) != want {
		t.Errorf("intentFAQ CSV = %q, want %q", data, want)
	}
	if ids["reverted_card_payment"] != "reverted_card_payment?" || len(used) != 2 || used[0] != 2 {
		t.Errorf("intentFAQ ids = %v, used = %v", ids, used)
	}
	if _, _, _, err := intentFAQ([]string{"lost_card"}, train); err == nil {
		t.Error("intentFAQ with an intent without utterances: no error")
	}
	rows, rowIDs, err := utteranceFAQ([]string{"card_arrival"}, train, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := "id,question,answer\ncard_arrival-1,where is my card,This is about card arrival.\n"; string(rows) != want || rowIDs["card_arrival-1"] != "card_arrival" {
		t.Errorf("utteranceFAQ = %q %v, want %q", rows, rowIDs, want)
	}
}

func TestKdConvJudge(t *testing.T) {
	head := "保利剧院"
	id := kdID(head)
	desc := "北京保利剧院是首都重要的演出场所之一。这里常年会上演重量级的话剧和交响音乐会。"
	addr := evaluate.Triple{Head: head, Relation: "地址", Tail: "东直门南大街14号"}
	info := evaluate.Triple{Head: head, Relation: evaluate.RelInformation, Tail: desc}
	evAddr := []kg.Evidence{{EntityID: id, Text: "保利剧院的地址：东直门南大街14号。"}}
	cases := []struct {
		name    string
		gold    evaluate.Triple
		answer  string
		status  string
		ev      []kg.Evidence
		verdict string
		inEv    bool
	}{
		{"value in answer and evidence", addr, "保利剧院的地址：东直门南大街 14 号。[1]", "ANSWERED", evAddr, "correct", true},
		{"value missing", addr, "保利剧院的电话：010-1。[1]", "ANSWERED", evAddr, "wrong", true},
		{"evidence of another entity", addr, "东直门南大街14号[1]", "ANSWERED", []kg.Evidence{{EntityID: kdID("故宫"), Text: "保利剧院的地址：东直门南大街14号"}}, "correct", false},
		{"refused", addr, "抱歉", "REFUSED", nil, "false_refusal", false},
		{"description quoted", info, "这里常年会上演重量级的话剧和交响音乐会。[2]", "ANSWERED", []kg.Evidence{{Entities: []string{"x", id}, Text: desc}}, "correct", true},
		{"description not quoted", info, "保利剧院的地址：东直门南大街14号。[1]", "ANSWERED", evAddr, "wrong", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := evaluate.Result{Answer: tc.answer, Status: tc.status}
			tr := kg.Trace{Evidence: tc.ev}
			judgeKdConv(evaluate.KdConvQuestion{Gold: []evaluate.Triple{tc.gold}}, &r, &tr)
			if r.Verdict != tc.verdict || r.GoldInEvidence == nil || *r.GoldInEvidence != tc.inEv {
				t.Errorf("judgeKdConv(%q) = %s, in evidence %v; want %s, %v", tc.answer, r.Verdict, evalDeref(r.GoldInEvidence), tc.verdict, tc.inEv)
			}
		})
	}
}

func evalDeref[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}

func TestKdIDsAndKeys(t *testing.T) {
	for _, name := range []string{"鸟巢（国家体育场）", "旧物仓 北京仓", "华韵·安徽非遗馆", "a"} {
		id := kdID(name)
		if err := kg.ValidID("id", id); err != nil || id != kdID(name) {
			t.Errorf("kdID(%q) = %q: %v", name, id, err)
		}
	}
	if a := kdAliases("鸟巢（国家体育场）"); len(a) != 2 || a[0].Text != "鸟巢" || a[1].Text != "国家体育场" {
		t.Errorf("kdAliases = %v", a)
	}
	for in, want := range map[string]string{"地址": "地址", "主演（配音）": "主演_配音_", ".x": "_.x"} {
		if got := kdKey(in); got != want {
			t.Errorf("kdKey(%q) = %q, want %q", in, got, want)
		}
	}
}
