package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"kgrag/ingest"
	"kgrag/ingest/parse"
	"kgrag/kg"
	"kgrag/retrieval"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
)

// defaultDatasetsDir is where the public datasets are from the repository root.
const defaultDatasetsDir = "../shared/datasets"

// datasetClock is the fixed "now" of the public-dataset runs: nothing in
// them depends on dates, and a fixed clock keeps traces deterministic.
var datasetClock = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)

// datasetOptions are the flags of kgrag eval --dataset.
type datasetOptions struct {
	Name    string     // banking77, clinc150, kdconv
	Dir     string     // ../shared/datasets
	Limit   int        // questions per group; 0: all
	Domain  string     // kdconv domain
	Split   string     // kdconv dialogues
	NoTopic bool       // kdconv: ask the turns as written
	Target  evalTarget // where it runs
}

// datasetNames are the public datasets of --dataset all, in order.
var datasetNames = []string{"banking77", "clinc150", "kdconv"}

// runDataset evaluates one public dataset in a fresh deployment.
func runDataset(ctx context.Context, o datasetOptions, log zerolog.Logger) (*evaluate.Report, error) {
	if o.Limit < 0 {
		return nil, fmt.Errorf("eval: --limit %d: want 0 (all) or more: %w", o.Limit, errUsage)
	}
	ctx = log.WithContext(ctx)
	switch o.Name {
	case "banking77":
		return runBanking77(ctx, o)
	case "clinc150":
		return runCLINC150(ctx, o)
	case "kdconv":
		return runKdConv(ctx, o)
	}
	return nil, fmt.Errorf("eval: --dataset %q: want banking77, clinc150, kdconv or all: %w", o.Name, errUsage)
}

// maxFAQAnswer leaves room under kg.MaxValueLen for an FAQ entry's answer.
const maxFAQAnswer = kg.MaxValueLen - 100

var intentBadIDRunes = regexp.MustCompile(`[^\p{L}\p{N}._:/\-]+`)

// intentID makes an entity id of an intent name ("reverted_card_payment?"
// is not one).
func intentID(intent string) string {
	id := strings.Trim(intentBadIDRunes.ReplaceAllString(intent, "-"), "-._:/")
	if id == "" {
		h := sha256.Sum256([]byte(intent))
		id = "intent-" + hex.EncodeToString(h[:6])
	}
	return id
}

// intentFAQ writes one FAQ row per intent, the knowledge entry a brand
// would have for it: the question is the intent's name in words, the
// answer lists the intent's training utterances, one a line, as many as
// fit the limit of an FAQ answer. It returns the CSV, the intent of each
// entry id, and how many utterances each entry holds.
func intentFAQ(intents []string, train []evaluate.Utterance) ([]byte, map[string]string, []int, error) {
	byIntent := map[string][]string{}
	for _, u := range train {
		byIntent[u.Intent] = append(byIntent[u.Intent], strings.Join(strings.Fields(u.Text), " "))
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"id", "question", "answer"}); err != nil {
		return nil, nil, nil, err
	}
	ids := map[string]string{}
	var used []int
	for _, in := range intents {
		id := intentID(in)
		if prev, dup := ids[id]; dup {
			return nil, nil, nil, fmt.Errorf("eval: intents %q and %q have the same id %q", prev, in, id)
		}
		ids[id] = in
		var lines []string
		n := 0
		for _, u := range byIntent[in] {
			if n+utf8.RuneCountInString(u)+1 > maxFAQAnswer {
				break
			}
			lines = append(lines, u)
			n += utf8.RuneCountInString(u) + 1
		}
		if len(lines) == 0 {
			return nil, nil, nil, fmt.Errorf("eval: intent %q has no training utterances", in)
		}
		used = append(used, len(lines))
		q := strings.TrimSpace(strings.ReplaceAll(strings.Trim(in, "?"), "_", " "))
		if err := w.Write([]string{id, q, strings.Join(lines, "\n")}); err != nil {
			return nil, nil, nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), ids, used, w.Error()
}

// utteranceFAQ writes one FAQ row per training utterance, as a brand's FAQ
// lists the ways customers ask: the question is the utterance, the answer
// a short sentence naming the intent (the datasets have no answers). The
// entry ids are <intent id>-<n>; it returns the CSV and the intent of each
// id.
func utteranceFAQ(intents []string, train []evaluate.Utterance, perIntent int) ([]byte, map[string]string, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"id", "question", "answer"}); err != nil {
		return nil, nil, err
	}
	ids := map[string]string{}
	n := map[string]int{}
	for _, u := range train {
		if !slices.Contains(intents, u.Intent) || (perIntent > 0 && n[u.Intent] >= perIntent) {
			continue
		}
		n[u.Intent]++
		id := fmt.Sprintf("%s-%d", intentID(u.Intent), n[u.Intent])
		ids[id] = u.Intent
		words := strings.TrimSpace(strings.ReplaceAll(strings.Trim(u.Intent, "?"), "_", " "))
		if err := w.Write([]string{id, evalClip(strings.Join(strings.Fields(u.Text), " "), kg.MaxNameLen), "This is about " + words + "."}); err != nil {
			return nil, nil, err
		}
	}
	for _, in := range intents {
		if n[in] == 0 {
			return nil, nil, fmt.Errorf("eval: intent %q has no training utterances", in)
		}
	}
	w.Flush()
	return buf.Bytes(), ids, w.Error()
}

func evalMinMeanMax(xs []int) string {
	if len(xs) == 0 {
		return "-"
	}
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return fmt.Sprintf("%d/%.0f/%d", slices.Min(xs), float64(sum)/float64(len(xs)), slices.Max(xs))
}

// runBanking77: one FAQ entry per intent, ingested through the ingest
// pipeline; each test query searched as the answering engine searches
// (normalised question, the engine's search mode, knowledge-base filter); the rank of
// the gold intent among the distinct entries of the top 10 chunks.
func runBanking77(ctx context.Context, o datasetOptions) (*evaluate.Report, error) {
	kb := o.Target.kb("banking77")
	ds, err := evaluate.LoadBanking77(filepath.Join(o.Dir, "banking77"))
	if err != nil {
		return nil, err
	}
	data, ids, used, err := intentFAQ(ds.Intents, ds.Train)
	if err != nil {
		return nil, err
	}
	env, err := openEvalEnvIn(ctx, o.Target.svc, datasetClock)
	if err != nil {
		return nil, err
	}
	defer env.Close()
	if err := env.ingest(ctx, kb, []ingest.Input{{ID: "banking77/faq.csv", Origin: "dataset", Data: data, Format: parse.CSV, Kind: parse.KindFAQ}}); err != nil {
		return nil, err
	}
	test := evaluate.Sample(ds.Test, o.Limit)
	results := make([]evaluate.Result, 0, len(test))
	for i, u := range test {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		hits, err := env.Searcher.Search(ctx, answer.Normalize(u.Text), retrieval.Filter{KB: kb}, retrieval.SearchOptions{Limit: 10, Mode: env.SearchMode})
		r := evaluate.Result{ID: fmt.Sprintf("test/%d", i), Type: "test", Question: u.Text, Gold: u.Intent, Status: answer.StatusAnswered}
		r.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
		if err != nil {
			r.Error, r.Verdict = err.Error(), "error"
			results = append(results, r)
			continue
		}
		var got []string
		for _, h := range hits {
			if len(h.Chunk.EntityIDs) == 0 {
				continue
			}
			if in, ok := ids[h.Chunk.EntityIDs[0]]; ok && !slices.Contains(got, in) {
				got = append(got, in)
			}
		}
		rank := slices.Index(got, u.Intent) + 1
		r.Rank = &rank
		r.Answer = strings.Join(got[:min(3, len(got))], ", ")
		r.Verdict = "wrong"
		if rank == 1 {
			r.Verdict = "correct"
		}
		results = append(results, r)
	}
	rep := evaluate.NewReport("banking77", results)
	if o.Target.suffix != "" {
		rep.Notes = append(rep.Notes, o.Target.describe(kb))
	}
	rep.Notes = append(rep.Notes,
		fmt.Sprintf("%d FAQ entries (one per intent), training utterances per entry min/mean/max %s; %d of %d test queries", len(ids), evalMinMeanMax(used), len(test), len(ds.Test)),
		"correct = top-1; retrieval only (chunk search as the engine runs it), no answer composed")
	return &rep, nil
}

// clincDomains are the domains of the brand-like knowledge base.
var clincDomains = []string{"banking", "credit_cards"}

// runCLINC150: FAQ entries of the banking and credit-card intents (one
// per training utterance: one entry per intent holding 100 utterances
// makes the composer quote them all, which is no answer); the
// in-scope test queries, the test queries of the 8 other domains and
// oos_test asked through the answering engine. In scope is correct when
// the answer's first citation is the gold intent's entry.
func runCLINC150(ctx context.Context, o datasetOptions) (*evaluate.Report, error) {
	kb := o.Target.kb("clinc150")
	ds, err := evaluate.LoadCLINC150(filepath.Join(o.Dir, "clinc150"))
	if err != nil {
		return nil, err
	}
	var intents []string
	for _, d := range clincDomains {
		is, ok := ds.Domains[d]
		if !ok {
			return nil, fmt.Errorf("eval: clinc150: domains.json has no domain %q", d)
		}
		intents = append(intents, is...)
	}
	data, ids, err := utteranceFAQ(intents, ds.Train, 0)
	if err != nil {
		return nil, err
	}
	env, err := openEvalEnvIn(ctx, o.Target.svc, datasetClock)
	if err != nil {
		return nil, err
	}
	defer env.Close()
	if err := env.ingest(ctx, kb, []ingest.Input{{ID: "clinc150/faq.csv", Origin: "dataset", Data: data, Format: parse.CSV, Kind: parse.KindFAQ}}); err != nil {
		return nil, err
	}
	var inScope, other []evaluate.Utterance
	for _, u := range ds.Test {
		if slices.Contains(intents, u.Intent) {
			inScope = append(inScope, u)
		} else {
			other = append(other, u)
		}
	}
	groups := []struct {
		typ    string
		refuse bool
		us     []evaluate.Utterance
	}{
		{"in_scope", false, evaluate.Sample(inScope, o.Limit)},
		{"other_domain", true, evaluate.Sample(other, o.Limit)},
		{"oos", true, evaluate.Sample(ds.OOSTest, o.Limit)},
	}
	var results []evaluate.Result
	for _, g := range groups {
		for i, u := range g.us {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			q := evaluate.Question{ID: fmt.Sprintf("%s/%d", g.typ, i), Question: u.Text, Type: g.typ, Refuse: g.refuse}
			start := time.Now()
			a, err := env.Engine.Ask(ctx, answer.Request{KB: kb, Question: u.Text, AsOf: datasetClock, Caller: "eval"})
			r := evaluate.Result{LatencyMS: float64(time.Since(start).Microseconds()) / 1000, Gold: u.Intent}
			if err != nil {
				r.Error = err.Error()
			} else {
				r.Answer, r.Status, r.Reason, r.Citations = a.Text, a.Status, a.Reason, a.Citations
				r.CitedSources = evaluate.CitedSources(&a.Trace, a.Citations)
				r.Trace = &a.Trace // evidence size (the questions have no answer key)
			}
			evaluate.Judge(q, &r, datasetClock.Year())
			top := ""
			if len(r.Citations) > 0 {
				top = ids[r.Citations[0].EntityID]
			}
			if !g.refuse {
				// Source recall: an entry of the gold intent among the citations.
				cited := 0.0
				if slices.ContainsFunc(r.Citations, func(c kg.Citation) bool { return ids[c.EntityID] == u.Intent }) {
					cited = 1
				}
				r.SourceRecall = &cited
			}
			r.Extra = map[string]any{"predicted": top, "domain": ds.DomainOf(u.Intent)}
			if r.Verdict == "correct" && top != u.Intent {
				r.Verdict = "wrong"
			}
			results = append(results, r)
		}
	}
	rep := evaluate.NewReport("clinc150", results)
	if o.Target.suffix != "" {
		rep.Notes = append(rep.Notes, o.Target.describe(kb))
	}
	rep.Notes = append(rep.Notes,
		fmt.Sprintf("knowledge base: %d FAQ entries, one per training utterance of the %d intents of %s, answered with a sentence naming the intent", len(ids), len(intents), strings.Join(clincDomains, " + ")),
		"in_scope correct = answered and the first citation is the gold intent's entry; other_domain and oos are to be refused (ref.rec = refusal rate)")
	return &rep, nil
}
