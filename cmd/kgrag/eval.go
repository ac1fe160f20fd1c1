package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"kgrag/feedback"
	"kgrag/ingest"
	"kgrag/ingest/registry"
	"kgrag/kg"
	"kgrag/kg/memkg"
	"kgrag/retrieval"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
)

// evalKB is the knowledge base an evaluation runs in.
const evalKB = "eval"

// evalCmd: kgrag eval --kb DIR [--out FILE] [--data DIR] [--show N]
//
// It uses a fresh data directory, ingests DIR/kb, asks every question of
// DIR/qa.jsonl through the answering engine (the code path of GraphQL ask)
// with its channel and as-of date, applies DIR/corrections.jsonl through the
// corrections workflow (submit as an agent, approve as a trainer) and asks
// each correction's question, then prints the table and writes the JSON.
func evalCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("kb", "", "question set directory: kb/, qa.jsonl, eval.json, corrections.jsonl (required)")
	out := fs.String("out", "", "write the JSON report here")
	data := fs.String("data", "", "data directory to build (default: a temporary one, removed afterwards)")
	show := fs.Int("show", 0, "print this many failed questions with their answers")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("--kb DIR is required: %w", errUsage)
	}
	set, err := evaluate.Load(*dir)
	if err != nil {
		return err
	}
	rep, err := runEval(ctx, set, *data, zerolog.New(stderr).Level(zerolog.WarnLevel))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d questions, %d corrections\n", set.Name, len(set.Questions), len(set.Corrections))
	fmt.Fprint(stdout, rep.Table())
	if *show > 0 {
		n := 0
		for _, q := range rep.Questions {
			if q.Verdict == "correct" || q.Verdict == "refused" {
				continue
			}
			if n++; n > *show {
				break
			}
			fmt.Fprintf(stdout, "\n%s [%s] %s -> %s %s\n  %s\n  missing %v forbidden %v\n", q.ID, q.Type, q.Question, q.Verdict, q.Reason, q.Answer, q.Missing, q.Forbidden)
		}
	}
	if *out != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// runEval builds a fresh embedded deployment whose clock is the set's
// default as-of date (so corrections approved during the run hold from
// that day), ingests the knowledge base and asks the questions.
func runEval(ctx context.Context, set *evaluate.Set, dataDir string, log zerolog.Logger) (*evaluate.Report, error) {
	if dataDir == "" {
		tmp, err := os.MkdirTemp("", "kgrag-eval-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dataDir = tmp
	}
	clock := func() time.Time { return set.DefaultAsOf }
	store, err := memkg.Open(dataDir, memkg.Options{Now: clock})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	cs, err := openChunkStore(Config{DataDir: dataDir})
	if err != nil {
		return nil, err
	}
	defer cs.Close()
	reg, err := registry.Open(filepath.Join(dataDir, "sources.db"))
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	ing := ingest.New(store, cs.Indexer, reg, ingest.Options{Now: clock})
	col, err := ing.Collect(ctx, evalKB, []string{filepath.Join(set.Dir, "kb")})
	if err != nil {
		return nil, err
	}
	irep, err := ing.Ingest(ctx, evalKB, col.Inputs, ingest.RunOptions{Actor: "eval"})
	if err != nil {
		return nil, err
	}
	if err := irep.Err(); err != nil {
		return nil, fmt.Errorf("ingest %s: %w", set.Dir, err)
	}
	fb, err := feedback.New(store)
	if err != nil {
		return nil, err
	}
	fb.Now = clock
	eng := answer.New(store, retrieval.NewSearcher(cs.Index, cs.Embedder, cs.Sparse), nil)
	eng.Now = clock
	eng.Review = fb
	ctx = log.WithContext(ctx)

	ask := func(q evaluate.Question) evaluate.Result {
		asOf, err := set.AsOf(q)
		r := evaluate.Result{}
		if err == nil {
			start := time.Now()
			var a answer.Answer
			a, err = eng.Ask(ctx, answer.Request{KB: evalKB, Question: q.Question, Channel: q.ChannelCode(), AsOf: asOf, Caller: "eval"})
			r.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
			r.Answer, r.Status, r.Reason, r.Citations = a.Text, a.Status, a.Reason, a.Citations
			r.CitedSources = evaluate.CitedSources(&a.Trace, a.Citations)
			r.Extra = map[string]any{"linked": a.Trace.LinkedEntities, "notes": a.Trace.Notes, "intent": a.Intent}
		}
		if err != nil {
			r.Error = err.Error()
		}
		Judge(q, &r, asOf)
		return r
	}
	var results []evaluate.Result
	for _, q := range set.Questions {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		results = append(results, ask(q))
	}
	applied := 0
	var notes []string
	for _, c := range set.Corrections {
		if err := applyCorrection(ctx, fb, c); err != nil {
			notes = append(notes, fmt.Sprintf("correction %s not applied: %v", c.ID, err))
			continue
		}
		applied++
	}
	for _, c := range set.Corrections {
		results = append(results, ask(c.Question))
	}
	rep := evaluate.NewReport(set.Name, results)
	rep.Summary.CorrectionsApplied = applied
	rep.Notes = notes
	return &rep, nil
}

// Judge scores with the year of the as-of date for partial dates.
func Judge(q evaluate.Question, r *evaluate.Result, asOf time.Time) {
	evaluate.Judge(q, r, asOf.Year())
}

// applyCorrection submits a correction as an agent and approves it as a trainer.
func applyCorrection(ctx context.Context, fb *feedback.Service, c evaluate.Correction) error {
	_, id, ok := strings.Cut(c.Target, ":")
	if !ok {
		return fmt.Errorf("target %q: want kind:id", c.Target)
	}
	in := feedback.SubmitInput{NewValue: c.New, OldValue: c.Old, Reason: c.Reason}
	if c.Field == "text" {
		in.Target = feedback.Target{Kind: feedback.TargetText, EntityID: id}
	} else {
		in.Target = feedback.Target{Kind: feedback.TargetAttribute, EntityID: id, Key: c.Field}
	}
	sub, err := fb.Submit(ctx, evalKB, "eval-agent", in)
	if err != nil {
		return err
	}
	_, err = fb.Approve(ctx, evalKB, "eval-trainer", sub.ID, "eval")
	return err
}

var _ kg.Store = (*memkg.Store)(nil)
