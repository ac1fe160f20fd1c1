// Package devset loads the evaluation knowledge base and questions in
// shared/eval/dev as simple chunks, so retrieval choices (tokenizer,
// embedder, fusion) can be measured. It is a test helper, not the ingest
// pipeline: one chunk per FAQ row, one per product record rendered as
// text, and each policy split at its headings.
package devset

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"kgrag/retrieval"
)

// Dir finds the dev set: $KGRAG_DEV_SET, or shared/eval/dev in the working
// directory or one of its parents (the repository's sibling shared/).
func Dir() (string, bool) {
	if d := os.Getenv("KGRAG_DEV_SET"); d != "" {
		return d, true
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "shared", "eval", "dev"), filepath.Join(d, "..", "shared", "eval", "dev")} {
			if st, err := os.Stat(filepath.Join(c, "qa.jsonl")); err == nil && !st.IsDir() {
				return c, true
			}
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Question is one line of qa.jsonl.
type Question struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	Lang     string   `json:"lang"`
	Channel  *string  `json:"channel"`
	AsOf     *string  `json:"as_of"`
	Type     string   `json:"type"`
	Sources  []string `json:"sources"`
	Refuse   bool     `json:"refuse"`
}

// DefaultAsOf is the evaluation date for questions without one (eval.json).
var DefaultAsOf = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)

// Filter returns the realistic search filter for the question: its channel
// and its as-of date (or DefaultAsOf).
func (q *Question) Filter(kb string) retrieval.Filter {
	f := retrieval.Filter{KB: kb, AsOf: DefaultAsOf}
	if q.Channel != nil {
		f.Channel = *q.Channel
	}
	if q.AsOf != nil {
		if t, err := time.Parse("2006-01-02", *q.AsOf); err == nil {
			f.AsOf = t
		}
	}
	return f
}

// Questions reads qa.jsonl.
func Questions(dir string) ([]Question, error) {
	f, err := os.Open(filepath.Join(dir, "qa.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("devset: %w", err)
	}
	defer f.Close()
	var qs []Question
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q Question
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("devset: qa.jsonl:%d: %w", line, err)
		}
		qs = append(qs, q)
	}
	return qs, sc.Err()
}

// Chunks builds the chunks of the knowledge base in dir/kb. Each chunk's
// SourceID is the evaluation source key ("product:LJ-1001",
// "policy:lj-returns-2025", "faq:F010").
func Chunks(dir, kb string) ([]retrieval.Chunk, error) {
	var out []retrieval.Chunk
	ps, err := products(filepath.Join(dir, "kb", "products.jsonl"), kb)
	if err != nil {
		return nil, err
	}
	out = append(out, ps...)
	fs, err := faqs(filepath.Join(dir, "kb", "faq.csv"), kb)
	if err != nil {
		return nil, err
	}
	out = append(out, fs...)
	files, err := filepath.Glob(filepath.Join(dir, "kb", "policies", "*.md"))
	if err != nil {
		return nil, fmt.Errorf("devset: %w", err)
	}
	sort.Strings(files)
	for _, f := range files {
		cs, err := policy(f, kb)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

type product struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	NameEn         string            `json:"name_en"`
	Category       string            `json:"category"`
	Price          float64           `json:"price_cny"`
	Channels       []string          `json:"channels"`
	Launched       string            `json:"launched"`
	Discontinued   *string           `json:"discontinued"`
	Attributes     map[string]string `json:"attributes"`
	Ingredients    []string          `json:"ingredients"`
	SuitableFor    []string          `json:"suitable_for"`
	NotSuitableFor []string          `json:"not_suitable_for"`
	Related        []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"related"`
}

func products(path, kb string) ([]retrieval.Chunk, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("devset: %w", err)
	}
	var out []retrieval.Chunk
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var p product
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			return nil, fmt.Errorf("devset: %s:%d: %w", path, i+1, err)
		}
		var t strings.Builder
		fmt.Fprintf(&t, "%s（%s，%s）商品编号 %s。类别：%s。价格：%g元。", p.Name, p.NameEn, p.Category, p.ID, p.Category, p.Price)
		fmt.Fprintf(&t, "销售渠道：%s。上市日期：%s。", strings.Join(p.Channels, "、"), p.Launched)
		if p.Discontinued != nil {
			fmt.Fprintf(&t, "停产日期：%s。", *p.Discontinued)
		}
		keys := make([]string, 0, len(p.Attributes))
		for k := range p.Attributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&t, "%s：%s。", k, p.Attributes[k])
		}
		if len(p.Ingredients) > 0 {
			fmt.Fprintf(&t, "主要成分：%s。", strings.Join(p.Ingredients, "、"))
		}
		if len(p.SuitableFor) > 0 {
			fmt.Fprintf(&t, "适合：%s。", strings.Join(p.SuitableFor, "、"))
		}
		if len(p.NotSuitableFor) > 0 {
			fmt.Fprintf(&t, "不适合：%s。", strings.Join(p.NotSuitableFor, "、"))
		}
		for _, r := range p.Related {
			fmt.Fprintf(&t, "%s %s。", r.Type, r.ID)
		}
		out = append(out, retrieval.Chunk{
			KB: kb, ID: "product:" + p.ID, SourceID: "product:" + p.ID, Kind: "product", Title: p.Name,
			Text: t.String(), EntityIDs: []string{p.ID},
		})
	}
	return out, nil
}

func faqs(path, kb string) ([]retrieval.Chunk, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("devset: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("devset: %s: %w", path, err)
	}
	if len(rows) < 1 || !slices.Equal(rows[0], []string{"id", "question", "answer", "tags"}) {
		return nil, fmt.Errorf("devset: %s: unexpected header %v", path, rows[:1])
	}
	var out []retrieval.Chunk
	for _, r := range rows[1:] {
		out = append(out, retrieval.Chunk{
			KB: kb, ID: "faq:" + r[0], SourceID: "faq:" + r[0], Kind: "faq", Title: r[1],
			Text: r[1] + "\n" + r[2] + "\n" + strings.ReplaceAll(r[3], "|", " "),
		})
	}
	return out, nil
}

// policy splits a policy at its headings; each chunk carries the policy's
// channels and validity (effective_to is the last day in force).
func policy(path, kb string) ([]retrieval.Chunk, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("devset: %w", err)
	}
	text := string(b)
	if !strings.HasPrefix(text, "---\n") {
		return nil, fmt.Errorf("devset: %s: no front matter", path)
	}
	end := strings.Index(text[4:], "\n---\n")
	if end < 0 {
		return nil, errors.New("devset: " + path + ": unterminated front matter")
	}
	meta := map[string]string{}
	for _, l := range strings.Split(text[4:4+end], "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			meta[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	body := text[4+end+5:]
	id, title := meta["id"], meta["title"]
	var chans []string
	if c := strings.Trim(meta["channels"], "[]"); c != "all" && c != "" {
		for _, s := range strings.Split(c, ",") {
			chans = append(chans, strings.TrimSpace(s))
		}
	}
	var from, to *time.Time
	if t, err := time.Parse("2006-01-02", meta["effective_from"]); err == nil {
		from = &t
	}
	if t, err := time.Parse("2006-01-02", meta["effective_to"]); err == nil {
		t = t.AddDate(0, 0, 1)
		to = &t
	}
	var out []retrieval.Chunk
	var heads []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, retrieval.Chunk{
				KB: kb, ID: fmt.Sprintf("policy:%s#%d", id, len(out)), SourceID: "policy:" + id, Kind: "policy",
				Title: title, HeadingPath: slices.Clone(heads), Position: len(out), Text: s,
				Channels: chans, ValidFrom: from, ValidTo: to, EntityIDs: []string{id},
			})
		}
		cur.Reset()
	}
	for _, l := range strings.Split(body, "\n") {
		if h, ok := strings.CutPrefix(l, "#"); ok {
			flush()
			level := 1 + len(h) - len(strings.TrimLeft(h, "#"))
			h = strings.TrimSpace(strings.TrimLeft(h, "#"))
			heads = append(heads[:min(len(heads), level-1)], h)
			continue
		}
		cur.WriteString(l)
		cur.WriteByte('\n')
	}
	flush()
	return out, nil
}
