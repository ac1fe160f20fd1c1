package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kgrag/ingest"
	"kgrag/ingest/parse"
	"kgrag/kg"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
)

// kdEntityType is the type KdConv's sights (and films, songs) get in the
// graph. The answering engine reads attribute facts of the entities of
// type Product only (the things a brand's customers ask about), so that
// is what they are here; a dedicated type would find them by name and
// answer from the text chunks alone.
const kdEntityType = "Product"

// kdID derives a valid, stable entity id from a KdConv entity name
// (names hold spaces, brackets and "·", which ids may not).
func kdID(name string) string {
	h := sha256.Sum256([]byte(name))
	return "kd-" + hex.EncodeToString(h[:6])
}

var kdBadKeyRunes = regexp.MustCompile(`[^\p{L}\p{N}_.\-/ ]+`)

// kdKey makes an attribute key of a relation name.
func kdKey(rel string) string {
	k := strings.TrimSpace(kdBadKeyRunes.ReplaceAllString(rel, "_"))
	if rs := []rune(k); len(rs) > 64 {
		k = string(rs[:64])
	}
	if k == "" || strings.HasPrefix(k, ".") || strings.HasPrefix(k, "-") || strings.HasPrefix(k, "/") {
		k = "_" + k
	}
	return k
}

var kdBracketRE = regexp.MustCompile(`^(.+?)\s*[（(](.+?)[)）]\s*$`)

// kdAliases are the parts of a name like "鸟巢（国家体育场）".
func kdAliases(name string) []kg.Alias {
	out := []kg.Alias{}
	if m := kdBracketRE.FindStringSubmatch(name); m != nil {
		for _, a := range m[1:] {
			if a = strings.TrimSpace(a); utf8.RuneCountInString(a) >= 2 && a != name {
				out = append(out, kg.Alias{Text: a, Lang: "zh"})
			}
		}
	}
	return out
}

func evalClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// kdGraph turns the triples into entity upserts: one entity per head with
// one attribute per relation (a list when the relation has several tails).
func kdGraph(k *evaluate.KdConv) []kg.EntityUpsert {
	prov := kg.Provenance{Kind: kg.ProvSource, Source: "kdconv/" + k.Domain, Actor: "eval"}
	out := make([]kg.EntityUpsert, 0, len(k.Heads))
	for _, h := range k.Heads {
		var keys []string
		vals := map[string][]string{}
		for _, t := range k.Triples[h] {
			key := kdKey(t.Relation)
			if !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
			if len(vals[key]) < kg.MaxListItems {
				vals[key] = append(vals[key], evalClip(t.Tail, kg.MaxValueLen))
			}
		}
		var attrs []kg.Attribute
		for _, key := range keys[:min(len(keys), kg.MaxAttrs)] {
			if v := vals[key]; len(v) == 1 {
				attrs = append(attrs, kg.Attribute{Key: key, Kind: kg.KindString, Value: v[0]})
			} else {
				attrs = append(attrs, kg.Attribute{Key: key, Kind: kg.KindList, List: v})
			}
		}
		aliases := kdAliases(h)
		out = append(out, kg.EntityUpsert{ID: kdID(h), Type: kdEntityType, Name: evalClip(h, kg.MaxNameLen), Aliases: &aliases,
			Attributes: attrs, ReplaceAttributes: true, ValidFrom: kg.Always, Provenance: prov})
	}
	return out
}

// kdDocPer is how many entities share one Markdown document: one source
// per entity makes ingest pay a registry and index commit each (7 s for
// travel instead of 1 s); a section per entity keeps their chunks apart.
const kdDocPer = 100

// kdDocument renders entities' triples as the text a help centre would
// have: a section per entity (its name as the heading, no document
// title), one sentence per relation, the description last.
func kdDocument(k *evaluate.KdConv, heads []string) []byte {
	var b strings.Builder
	for _, h := range heads {
		kdSection(&b, h, k.Triples[h])
	}
	return []byte(b.String())
}

func kdSection(b *strings.Builder, head string, ts []evaluate.Triple) {
	fmt.Fprintf(b, "## %s\n\n", kdLine(head))
	var rels []string
	vals := map[string][]string{}
	for _, t := range ts {
		if !slices.Contains(rels, t.Relation) {
			rels = append(rels, t.Relation)
		}
		vals[t.Relation] = append(vals[t.Relation], t.Tail)
	}
	for _, r := range rels {
		if r == evaluate.RelInformation {
			continue
		}
		fmt.Fprintf(b, "%s的%s：%s。\n\n", kdLine(head), kdLine(r), kdLine(strings.Join(vals[r], "、")))
	}
	for _, d := range vals[evaluate.RelInformation] {
		fmt.Fprintf(b, "%s简介：%s\n\n", kdLine(head), kdLine(d))
	}
}

// kdLine puts a value on one line. Nothing else is escaped: every line
// starts with the entity's name, so no value can open a heading or a list,
// and the parser keeps inline text as written (a backslash escape would
// stay in the chunk).
func kdLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// runKdConv loads the domain's graph (entities and attributes through
// kg.Store.Apply) and its text (one Markdown document per entity through
// ingest), then asks the question turns through the answering engine.
func runKdConv(ctx context.Context, o datasetOptions) (*evaluate.Report, error) {
	kb := o.Target.kb("kdconv")
	k, err := evaluate.LoadKdConv(o.Dir+"/kdconv", o.Domain, o.Split)
	if err != nil {
		return nil, err
	}
	env, err := openEvalEnvIn(ctx, o.Target.svc, datasetClock)
	if err != nil {
		return nil, err
	}
	defer env.Close()
	ups := kdGraph(k)
	for len(ups) > 0 {
		n := min(len(ups), kg.MaxBatch)
		if _, err := env.Store.Apply(ctx, kb, kg.Batch{Entities: ups[:n]}); err != nil {
			return nil, fmt.Errorf("eval: kdconv graph: %w", err)
		}
		ups = ups[n:]
	}
	var in []ingest.Input
	for i := 0; i < len(k.Heads); i += kdDocPer {
		heads := k.Heads[i:min(i+kdDocPer, len(k.Heads))]
		in = append(in, ingest.Input{ID: fmt.Sprintf("kdconv/%s/%04d.md", k.Domain, i/kdDocPer), Origin: "dataset", Data: kdDocument(k, heads),
			Format: parse.Markdown, Kind: parse.KindDoc})
	}
	if err := env.ingest(ctx, kb, in); err != nil {
		return nil, err
	}
	qs := evaluate.Sample(k.Questions, o.Limit)
	results := make([]evaluate.Result, 0, len(qs))
	resolved := map[string]int{}
	valued, clause := 0, 0 // questions with a non-description gold value; its first clause answered
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text := q.Question
		if o.NoTopic {
			text = q.Original
		} else {
			resolved[q.Resolved]++
		}
		start := time.Now()
		a, err := env.Engine.Ask(ctx, answer.Request{KB: kb, Question: text, AsOf: datasetClock, Caller: "eval"})
		r := evaluate.Result{ID: q.ID, Type: q.Gold[0].Relation, Question: text, LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
		if err != nil {
			r.Error = err.Error()
		} else {
			r.Answer, r.Status, r.Reason, r.Citations = a.Text, a.Status, a.Reason, a.Citations
			r.CitedSources = evaluate.CitedSources(&a.Trace, a.Citations)
		}
		judgeKdConv(q, &r, &a.Trace)
		results = append(results, r)
		if v, ok := r.Extra["first_clause_in_answer"]; ok {
			valued++
			if v == true {
				clause++
			}
		}
	}
	rep := evaluate.NewReport("kdconv-"+k.Domain, results)
	graph := "kb_" + k.Domain + ".json"
	if k.FromDialogues {
		graph = "the union of the triples cited in dev.json and test.json (kb_" + k.Domain + ".json is not in the snapshot)"
	}
	asked := fmt.Sprintf("它 replaced by the topic: %d, topic prepended to a turn naming no entity: %d", resolved["pronoun"], resolved["prepended"])
	if o.NoTopic {
		asked = "asked as written, --no-topic"
	}
	if o.Target.suffix != "" {
		rep.Notes = append(rep.Notes, o.Target.describe(kb))
	}
	rep.Notes = append(rep.Notes,
		fmt.Sprintf("graph: %d entities from %s; %d of %d question turns of %s.json (%s)", len(k.Heads), graph, len(qs), len(k.Questions), o.Split, asked),
		"type = relation of the answer turn's first gold triple; correct = a gold value in the answer (Information: an answer sentence quoted from the gold description); ev.rec = a gold triple in the evidence; src.rec = the gold entity cited")
	if valued > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("first clause of a gold value in the answer (\"无需门票\" of \"无需门票。包含于故宫门票内\"): %d of %d questions with a value (%.1f%%)",
			clause, valued, 100*float64(clause)/float64(valued)))
	}
	return &rep, nil
}

// judgeKdConv scores a KdConv answer: a gold value in the answer (for the
// description relation, a sentence of the answer taken from it), a gold
// triple among the evidence, and the gold head among the citations.
func judgeKdConv(q evaluate.KdConvQuestion, r *evaluate.Result, tr *kg.Trace) {
	g := q.Gold[0]
	r.Gold = g.Head + " | " + g.Relation + " | " + evalClip(g.Tail, 60)
	r.Extra = map[string]any{"original": q.Original, "topic": q.Topic, "linked": tr.LinkedEntities}
	inEv := false
	for _, t := range q.Gold {
		if kdTripleInEvidence(t, tr.Evidence) {
			inEv = true
			break
		}
	}
	r.GoldInEvidence = &inEv
	if r.Error == "" {
		evaluate.MeasureEvidence(r, tr.Evidence)
	}
	src := 0.0
	if slices.Contains(r.CitedSources, kdID(g.Head)) {
		src = 1
	}
	r.SourceRecall = &src
	ans := kdNorm(answerMarkerRE.ReplaceAllString(r.Answer, ""))
	var values []string
	quoted := false
	for _, t := range q.Gold {
		if t.Relation == evaluate.RelInformation {
			quoted = quoted || kdQuotes(r.Answer, t.Tail)
			continue
		}
		values = append(values, t.Tail)
	}
	found, head := false, false
	for _, v := range values {
		if strings.Contains(ans, kdNorm(v)) {
			found = true
		}
		// The value's first clause ("无需门票" of "无需门票。包含于故宫门票内"):
		// the composer quotes sentences, and a value may hold several.
		if c := kdNorm(kdFirstClause(v)); utf8.RuneCountInString(c) >= 2 && strings.Contains(ans, c) {
			head = true
		}
	}
	if len(values) > 0 {
		r.Extra["first_clause_in_answer"] = head && !r.Refused()
	}
	switch {
	case r.Error != "":
		r.Verdict = "error"
	case r.Refused():
		r.Verdict = "false_refusal"
	case found || (len(values) == 0 && quoted):
		r.Verdict = "correct"
	default:
		r.Verdict = "wrong"
		r.Missing = values
	}
}

// kdFirstClause cuts a value at its first sentence or clause end.
func kdFirstClause(v string) string {
	if i := strings.IndexAny(v, "。；;！？!?"); i >= 0 {
		return strings.TrimSpace(v[:i])
	}
	return v
}

var answerMarkerRE = regexp.MustCompile(`\[\d{1,2}\]`)

// kdNorm folds width and case and drops spaces.
func kdNorm(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Join(strings.Fields(s), "")
}

// kdSentences cuts text after Chinese and English sentence ends.
func kdSentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune("。！？；!?;\n", r) {
			out = append(out, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, s[start:])
}

// kdQuotes reports whether an answer sentence of at least 6 characters
// (without its marker) comes from the description.
func kdQuotes(ans, desc string) bool {
	d := kdNorm(desc)
	for _, s := range kdSentences(answerMarkerRE.ReplaceAllString(ans, "")) {
		s = kdNorm(s)
		if utf8.RuneCountInString(s) >= 6 && strings.Contains(d, s) {
			return true
		}
	}
	return false
}

// kdTripleInEvidence reports whether a piece of evidence of the head entity
// (a fact of it, or a chunk that belongs to it) states the triple: the
// value of a relation with the head's name, or a whole sentence (8
// characters or more) of the description.
func kdTripleInEvidence(t evaluate.Triple, ev []kg.Evidence) bool {
	id := kdID(t.Head)
	for _, e := range ev {
		if e.EntityID != id && e.ID != id && !slices.Contains(e.Entities, id) {
			continue
		}
		text := kdNorm(e.Text)
		if t.Relation != evaluate.RelInformation {
			if strings.Contains(text, kdNorm(t.Tail)) && strings.Contains(text, kdNorm(t.Head)) {
				return true
			}
			continue
		}
		for _, s := range kdSentences(t.Tail) {
			if s = kdNorm(s); utf8.RuneCountInString(s) >= 8 && strings.Contains(text, s) {
				return true
			}
		}
	}
	return false
}
