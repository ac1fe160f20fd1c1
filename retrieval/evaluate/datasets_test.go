package evaluate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadBanking77(t *testing.T) {
	cats := `["card_arrival","reverted_card_payment?"]`
	cases := []struct {
		name    string
		train   string
		wantErr string
		want    []Utterance
	}{
		{"quoted commas", "text,category\n\"I ordered, but nothing came\",card_arrival\nundo it,reverted_card_payment?\n", "",
			[]Utterance{{"I ordered, but nothing came", "card_arrival"}, {"undo it", "reverted_card_payment?"}}},
		{"blank text skipped", "text,category\n  ,card_arrival\nwhere,card_arrival\n", "", []Utterance{{"where", "card_arrival"}}},
		{"unknown intent", "text,category\nhi,greeting\n", `intent "greeting"`, nil},
		{"bad header", "query,label\nhi,card_arrival\n", "want text,category", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"categories.json": cats, "train.csv": tc.train, "test.csv": "text,category\nwhere is it,card_arrival\n"})
			b, err := LoadBanking77(dir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("LoadBanking77 = %v, want error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(b.Train, tc.want) || len(b.Test) != 1 || len(b.Intents) != 2 {
				t.Errorf("LoadBanking77 train = %v, test %v, intents %v; want train %v", b.Train, b.Test, b.Intents, tc.want)
			}
		})
	}
}

func TestLoadCLINC150(t *testing.T) {
	data := `{"train":[["freeze my account","freeze_account"],["play jazz","play_music"]],"val":[],"test":[["lock my account","freeze_account"]],
		"oos_train":[],"oos_val":[],"oos_test":[["how tall is everest","oos"]]}`
	dir := writeFiles(t, map[string]string{"data_full.json": data, "domains.json": `{"banking":["freeze_account"],"music":["play_music"]}`})
	c, err := LoadCLINC150(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Train) != 2 || len(c.Test) != 1 || len(c.OOSTest) != 1 || c.OOSTest[0].Intent != "oos" {
		t.Errorf("LoadCLINC150 = %+v", c)
	}
	for intent, want := range map[string]string{"freeze_account": "banking", "play_music": "music", "oos": ""} {
		if got := c.DomainOf(intent); got != want {
			t.Errorf("DomainOf(%q) = %q, want %q", intent, got, want)
		}
	}
	dir = writeFiles(t, map[string]string{"data_full.json": `{"train":[]}`, "domains.json": `{}`})
	if _, err := LoadCLINC150(dir); err == nil || !strings.Contains(err.Error(), "has no") {
		t.Errorf("LoadCLINC150 without splits = %v, want an error", err)
	}
}

const kdDialogues = `[{"name":"保利剧院","messages":[
 {"message":"知道保利剧院吗？"},
 {"message":"知道呀。","attrs":[{"name":"保利剧院","attrname":"Information","attrvalue":"北京保利剧院是演出场所。"}]},
 {"message":"那它的地址呢？"},
 {"message":"东直门南大街14号。","attrs":[{"name":"保利剧院","attrname":"地址","attrvalue":"东直门南大街14号"},{"name":"保利剧院","attrname":"地址","attrvalue":"东直门南大街14号"}]},
 {"message":"周边有恭王府。","attrs":[{"name":"恭王府","attrname":"Information","attrvalue":"恭王府是王府。"}]},
 {"message":"门票多少钱？"},
 {"message":"40元。","attrs":[{"name":"恭王府","attrname":"门票","attrvalue":"40元"}]},
 {"message":"好的，谢谢。"},
 {"message":"还有什么？"}
]}]`

func TestLoadKdConv(t *testing.T) {
	kb := `{"保利剧院":[["保利剧院","地址","东直门南大街14号"],["保利剧院","地址","东直门南大街14号"],["保利剧院","周边景点","恭王府"]],"恭王府":[["恭王府","门票","40元"]]}`
	t.Run("kb file", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"travel/kb_travel.json": kb, "travel/test.json": kdDialogues})
		k, err := LoadKdConv(dir, "travel", "test")
		if err != nil {
			t.Fatal(err)
		}
		if k.FromDialogues || !slices.Equal(k.Heads, []string{"保利剧院", "恭王府"}) || len(k.Triples["保利剧院"]) != 2 {
			t.Errorf("graph: from dialogues %v, heads %v, triples %v", k.FromDialogues, k.Heads, k.Triples)
		}
		want := []struct{ question, resolved, topic, rel string }{
			{"知道保利剧院吗？", "", "保利剧院", "Information"},
			{"那保利剧院的地址呢？", "pronoun", "保利剧院", "地址"},
			{"恭王府，门票多少钱？", "prepended", "恭王府", "门票"},
		}
		if len(k.Questions) != len(want) {
			t.Fatalf("questions = %+v, want %d", k.Questions, len(want))
		}
		for i, w := range want {
			q := k.Questions[i]
			if q.Question != w.question || q.Resolved != w.resolved || q.Topic != w.topic || q.Gold[0].Relation != w.rel {
				t.Errorf("question %d = %+v, want %+v", i, q, w)
			}
		}
		if n := len(k.Questions[1].Gold); n != 1 {
			t.Errorf("duplicate gold triples kept: %d", n)
		}
	})
	t.Run("graph from the dialogues", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"film/test.json": kdDialogues, "film/dev.json": `[]`})
		k, err := LoadKdConv(dir, "film", "test")
		if err != nil {
			t.Fatal(err)
		}
		if !k.FromDialogues || !slices.Equal(k.Heads, []string{"保利剧院", "恭王府"}) || len(k.Triples["保利剧院"]) != 2 || len(k.Triples["恭王府"]) != 2 {
			t.Errorf("graph: from dialogues %v, heads %v, triples %v", k.FromDialogues, k.Heads, k.Triples)
		}
	})
	t.Run("missing split", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"travel/kb_travel.json": kb})
		if _, err := LoadKdConv(dir, "travel", "test"); err == nil {
			t.Error("LoadKdConv without test.json: no error")
		}
	})
}

func TestSample(t *testing.T) {
	xs := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	cases := []struct {
		n    int
		want []int
	}{{0, xs}, {20, xs}, {10, xs}, {5, []int{0, 2, 4, 6, 8}}, {3, []int{0, 3, 6}}, {1, []int{0}}}
	for _, tc := range cases {
		if got := Sample(xs, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("Sample(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}

func TestSummarizeDatasetMetrics(t *testing.T) {
	rank := func(n int) *int { return &n }
	yes, no := true, false
	rs := []Result{
		{Verdict: "correct", Rank: rank(1), GoldInEvidence: &yes},
		{Verdict: "wrong", Rank: rank(3), GoldInEvidence: &no},
		{Verdict: "wrong", Rank: rank(0)},
		{Verdict: "wrong", Rank: rank(4), GoldInEvidence: &yes},
	}
	s := Summarize(rs)
	if s.Top1 == nil || *s.Top1 != 0.25 || s.Top3 == nil || *s.Top3 != 0.5 || s.EvidenceRecall == nil || *s.EvidenceRecall != 0.6667 {
		t.Errorf("Summarize = top1 %v top3 %v ev %v", deref(s.Top1), deref(s.Top3), deref(s.EvidenceRecall))
	}
	plain := Summarize([]Result{{Verdict: "correct"}})
	if plain.Top1 != nil || plain.EvidenceRecall != nil {
		t.Errorf("Summarize without ranks = %+v, want no dataset metrics", plain)
	}
	rep := NewReport("x", rs)
	tab := rep.Table()
	for _, col := range []string{"top1", "top3", "ev.rec", "25.0%"} {
		if !strings.Contains(tab, col) {
			t.Errorf("Table lacks %q:\n%s", col, tab)
		}
	}
	dev := NewReport("dev", []Result{{Type: "lookup", Verdict: "correct"}})
	if tab := dev.Table(); strings.Contains(tab, "top1") || strings.Contains(tab, "ev.rec") {
		t.Errorf("dev-set table has dataset columns:\n%s", tab)
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"lookup": 6, "地址": 4, "建议游玩时间": 12, "a地": 3} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
