package tokenize_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-ego/gse"

	"kgrag/retrieval/internal/devset"
	"kgrag/retrieval/tokenize"
)

// TestWordSegmenterMatchesGSE checks that the compact segmenter cuts text
// exactly as gse's own Segmenter does (Cut and CutSearch with HMM), on every
// line of the dev sets' knowledge bases and questions plus edge cases, each
// line whole and split into the runs the GSE tokenizer segments.
func TestWordSegmenterMatchesGSE(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the gse dictionary twice")
	}
	ref, err := gse.NewEmbed("zh_s")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := tokenize.Segmenter()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ws.Words(), ref.Dict.NumTokens(); got != want {
		t.Fatalf("Words() = %d, gse dictionary has %d", got, want)
	}
	texts := []string{
		"", "的", "退货运费由顾客承担 Refund", "澜肌水光玻尿酸精华液多少钱", "4S店和1号店",
		"ABC店 iPhone15 Pro 256GB 多少钱？", "亲，请问 A醇紧致精华 视黄醇浓度多少啊",
		"中华人民共和国国务院总理", "研究生命的起源", "一一一一一一一一", "喆堃犇骉淼",
		"invalid \xff\xfe utf-8 退货", "Ｆｕｌｌ－ｗｉｄｔｈ　测试", "emoji 😀 退款",
		"123.45元 和 0.3% 浓度", "\t\n 换行\r\n空白 ",
	}
	texts = append(texts, devTexts(t)...)
	if len(texts) < 1000 {
		t.Logf("only %d texts (dev sets not found?)", len(texts))
	}
	n := 0
	check := func(s string) {
		n++
		if got, want := ws.Cut(s), ref.Cut(s, true); !slices.Equal(got, want) {
			t.Errorf("Cut(%q)\n got %q\nwant %q", s, got, want)
		}
		if got, want := ws.CutSearch(s), ref.CutSearch(s, true); !slices.Equal(got, want) {
			t.Errorf("CutSearch(%q)\n got %q\nwant %q", s, got, want)
		}
		// Each word's part of speech is the dictionary's ("" where it
		// has none: a word the HMM made).
		for _, w := range ref.Cut(s, true) {
			_, want, _ := ref.Dict.Find([]byte(w))
			if got := ws.Pos(w); got != want {
				t.Errorf("Pos(%q) = %q, gse says %q", w, got, want)
			}
		}
	}
	for _, s := range texts {
		check(s)
		tokenize.Runs(tokenize.Normalize(s), func(run string, cjk bool) {
			if cjk {
				check(run)
			}
		})
		if t.Failed() {
			break
		}
	}
	t.Logf("%d texts compared", n)
}

// devTexts are the lines of the dev sets' knowledge bases and questions.
func devTexts(t *testing.T) []string {
	dir, ok := devset.Dir()
	if !ok {
		return nil
	}
	var out []string
	for _, d := range []string{dir, filepath.Join(filepath.Dir(dir), "dev2")} {
		_ = filepath.WalkDir(filepath.Join(d, "kb"), func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for l := range strings.Lines(string(b)) {
				out = append(out, strings.TrimSpace(l))
			}
			return nil
		})
		f, err := os.Open(filepath.Join(d, "qa.jsonl"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct {
				Question string `json:"question"`
			}
			if json.Unmarshal(sc.Bytes(), &q) == nil {
				out = append(out, q.Question)
			}
		}
		f.Close()
	}
	return out
}

// BenchmarkCutSearch compares the compact segmenter with gse's own on the
// same text (search mode, HMM):
//
//	go test ./retrieval/tokenize -run XXX -bench CutSearch -benchmem
func BenchmarkCutSearch(b *testing.B) {
	text := strings.Repeat("退货运费由顾客承担，收到商品后七天内可以申请无理由退货。会员积分可以抵扣现金吗？", 4)
	ref, err := gse.NewEmbed("zh_s")
	if err != nil {
		b.Fatal(err)
	}
	ws, err := tokenize.Segmenter()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("gse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ref.CutSearch(text, true)
		}
	})
	b.Run("compact", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ws.CutSearch(text)
		}
	})
}
