package evaluate

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// The public datasets of ../shared/datasets (see its README): their files
// as Go values, ready to be turned into a knowledge base and questions.

// Utterance is a labelled query of an intent dataset.
type Utterance struct {
	Text   string
	Intent string
}

// Banking77 is the PolyAI Banking77 intent dataset.
type Banking77 struct {
	Intents     []string // categories.json, in its order
	Train, Test []Utterance
}

// LoadBanking77 reads DIR/categories.json, DIR/train.csv and DIR/test.csv.
func LoadBanking77(dir string) (*Banking77, error) {
	b := &Banking77{}
	if err := readJSON(filepath.Join(dir, "categories.json"), &b.Intents); err != nil {
		return nil, err
	}
	var err error
	if b.Train, err = readIntentCSV(filepath.Join(dir, "train.csv")); err != nil {
		return nil, err
	}
	if b.Test, err = readIntentCSV(filepath.Join(dir, "test.csv")); err != nil {
		return nil, err
	}
	for _, u := range slices.Concat(b.Train, b.Test) {
		if !slices.Contains(b.Intents, u.Intent) {
			return nil, fmt.Errorf("evaluate: banking77: intent %q is not in categories.json", u.Intent)
		}
	}
	return b, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("evaluate: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("evaluate: %s: %w", path, err)
	}
	return nil
}

// readIntentCSV reads a CSV file with the header text,category.
func readIntentCSV(path string) ([]Utterance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("evaluate: %s: header: %w", path, err)
	}
	if len(head) != 2 || head[0] != "text" || head[1] != "category" {
		return nil, fmt.Errorf("evaluate: %s: header %q: want text,category", path, head)
	}
	var out []Utterance
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("evaluate: %s: %w", path, err)
		}
		if t := strings.TrimSpace(rec[0]); t != "" {
			out = append(out, Utterance{Text: t, Intent: rec[1]})
		}
	}
}

// CLINC150 is the CLINC150 (oos-eval) dataset, full variant.
type CLINC150 struct {
	// Domains maps each of the 10 domains to its 15 intents.
	Domains                   map[string][]string
	Train, Val, Test          []Utterance
	OOSTrain, OOSVal, OOSTest []Utterance
}

// LoadCLINC150 reads DIR/data_full.json and DIR/domains.json.
func LoadCLINC150(dir string) (*CLINC150, error) {
	c := &CLINC150{}
	if err := readJSON(filepath.Join(dir, "domains.json"), &c.Domains); err != nil {
		return nil, err
	}
	var raw map[string][][2]string
	if err := readJSON(filepath.Join(dir, "data_full.json"), &raw); err != nil {
		return nil, err
	}
	for key, dst := range map[string]*[]Utterance{"train": &c.Train, "val": &c.Val, "test": &c.Test,
		"oos_train": &c.OOSTrain, "oos_val": &c.OOSVal, "oos_test": &c.OOSTest} {
		pairs, ok := raw[key]
		if !ok {
			return nil, fmt.Errorf("evaluate: clinc150: data_full.json has no %q", key)
		}
		for _, p := range pairs {
			*dst = append(*dst, Utterance{Text: p[0], Intent: p[1]})
		}
	}
	return c, nil
}

// DomainOf returns the domain of an intent ("" for oos or an unknown one).
func (c *CLINC150) DomainOf(intent string) string {
	for d, is := range c.Domains {
		if slices.Contains(is, intent) {
			return d
		}
	}
	return ""
}

// Triple is one knowledge-graph fact of KdConv: (head, relation, tail).
// Relation "Information" has a free-text description as its tail.
type Triple struct {
	Head     string `json:"head"`
	Relation string `json:"relation"`
	Tail     string `json:"tail"`
}

// RelInformation is KdConv's free-text description relation.
const RelInformation = "Information"

// KdConvQuestion is a question turn of a dialogue followed by an answer
// grounded in knowledge-graph triples.
type KdConvQuestion struct {
	ID       string `json:"id"` // split/dialogue/turn
	Original string `json:"original"`
	// Question is what is asked: Original with the dialogue's current
	// topic put in for 它, or put in front when the turn names no entity.
	Question string `json:"question"`
	// Resolved says what was done: "pronoun", "prepended" or "".
	Resolved string   `json:"resolved,omitempty"`
	Topic    string   `json:"topic"`
	Gold     []Triple `json:"gold"` // the triples the answer turn uses
}

// KdConv is one domain of KdConv: its knowledge graph and question turns.
type KdConv struct {
	Domain string
	// Heads are the entities that have triples, sorted.
	Heads []string
	// Triples maps a head to its distinct triples, in file order.
	Triples   map[string][]Triple
	Questions []KdConvQuestion
	// FromDialogues is true when the graph is the union of the dialogues'
	// triples (film, music: their kb_*.json files are not in the snapshot).
	FromDialogues bool
}

type kdMessage struct {
	Message string `json:"message"`
	Attrs   []struct {
		Name      string `json:"name"`
		AttrName  string `json:"attrname"`
		AttrValue string `json:"attrvalue"`
	} `json:"attrs"`
}

type kdDialogue struct {
	Name     string      `json:"name"`
	Messages []kdMessage `json:"messages"`
}

// LoadKdConv reads domain DIR/<domain>: its knowledge graph
// (kb_<domain>.json, or the union of the triples of dev.json and
// test.json when that file is absent) and the question turns of split
// (dev or test).
func LoadKdConv(dir, domain, split string) (*KdConv, error) {
	ddir := filepath.Join(dir, domain)
	k := &KdConv{Domain: domain, Triples: map[string][]Triple{}}
	seen := map[Triple]bool{}
	add := func(t Triple) {
		t.Head, t.Relation, t.Tail = strings.TrimSpace(t.Head), strings.TrimSpace(t.Relation), strings.TrimSpace(t.Tail)
		if t.Head == "" || t.Relation == "" || t.Tail == "" || seen[t] {
			return
		}
		seen[t] = true
		k.Triples[t.Head] = append(k.Triples[t.Head], t)
	}
	var kb map[string][][3]string
	err := readJSON(filepath.Join(ddir, "kb_"+domain+".json"), &kb)
	switch {
	case err == nil:
		heads := make([]string, 0, len(kb))
		for h := range kb {
			heads = append(heads, h)
		}
		sort.Strings(heads)
		for _, h := range heads {
			for _, t := range kb[h] {
				add(Triple{Head: t[0], Relation: t[1], Tail: t[2]})
			}
		}
	case errors.Is(err, os.ErrNotExist):
		k.FromDialogues = true
		for _, s := range []string{"dev", "test"} {
			ds, err := readDialogues(ddir, s)
			if err != nil {
				return nil, err
			}
			for _, d := range ds {
				for _, m := range d.Messages {
					for _, a := range m.Attrs {
						add(Triple{Head: a.Name, Relation: a.AttrName, Tail: a.AttrValue})
					}
				}
			}
		}
	default:
		return nil, err
	}
	for h := range k.Triples {
		k.Heads = append(k.Heads, h)
	}
	sort.Strings(k.Heads)
	ds, err := readDialogues(ddir, split)
	if err != nil {
		return nil, err
	}
	// Longest names first, so "故宫博物院" wins over "故宫".
	names := slices.Clone(k.Heads)
	sort.SliceStable(names, func(i, j int) bool { return len([]rune(names[i])) > len([]rune(names[j])) })
	for di, d := range ds {
		k.Questions = append(k.Questions, kdQuestions(split, di, d, names)...)
	}
	return k, nil
}

func readDialogues(ddir, split string) ([]kdDialogue, error) {
	var ds []kdDialogue
	if err := readJSON(filepath.Join(ddir, split+".json"), &ds); err != nil {
		return nil, err
	}
	return ds, nil
}

// kdQuestions picks the question turns ("？" or "?") of a dialogue that
// the next turn answers with triples. The topic is the entity the
// dialogue is about at that turn: the dialogue's name at first, then the
// head of the latest grounded turn, or an entity a question names.
func kdQuestions(split string, di int, d kdDialogue, names []string) []KdConvQuestion {
	var out []KdConvQuestion
	topic := d.Name
	for i, m := range d.Messages {
		text := strings.TrimSpace(m.Message)
		isQ := strings.ContainsAny(text, "？?")
		named := ""
		if isQ {
			named = firstName(text, names)
		}
		if isQ && i+1 < len(d.Messages) && len(d.Messages[i+1].Attrs) > 0 {
			q := KdConvQuestion{ID: fmt.Sprintf("%s/%d/%d", split, di, i), Original: text, Question: text, Topic: topic}
			switch {
			case strings.Contains(text, "它"):
				q.Question = strings.ReplaceAll(strings.ReplaceAll(text, "它们", topic), "它", topic)
				q.Resolved = "pronoun"
			case named == "":
				q.Question = topic + "，" + text
				q.Resolved = "prepended"
			}
			seen := map[Triple]bool{}
			for _, a := range d.Messages[i+1].Attrs {
				t := Triple{Head: strings.TrimSpace(a.Name), Relation: strings.TrimSpace(a.AttrName), Tail: strings.TrimSpace(a.AttrValue)}
				if !seen[t] {
					seen[t] = true
					q.Gold = append(q.Gold, t)
				}
			}
			out = append(out, q)
		}
		if named != "" {
			topic = named
		}
		if n := len(m.Attrs); n > 0 {
			topic = strings.TrimSpace(m.Attrs[n-1].Name)
		}
	}
	return out
}

// firstName returns the longest entity name text contains ("" if none).
func firstName(text string, byLength []string) string {
	for _, n := range byLength {
		if len([]rune(n)) >= 2 && strings.Contains(text, n) {
			return n
		}
	}
	return ""
}

// Sample returns n items of xs spread evenly over it (all when n <= 0 or
// n >= len(xs)), so a small --limit still covers every intent of a file
// sorted by intent.
func Sample[T any](xs []T, n int) []T {
	if n <= 0 || n >= len(xs) {
		return xs
	}
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, xs[i*len(xs)/n])
	}
	return out
}

// FindShared finds DIR/<sub> of the shared directory beside the
// repository: $env when set, else shared/<sub> or ../shared/<sub> from the
// working directory or one of its parents. Tests use it to find
// shared/eval/dev and shared/datasets.
func FindShared(env, sub string) (string, bool) {
	if d := os.Getenv(env); d != "" {
		return d, true
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "shared", sub), filepath.Join(d, "..", "shared", sub)} {
			if st, err := os.Stat(c); err == nil && st.IsDir() {
				return filepath.Clean(c), true
			}
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}
