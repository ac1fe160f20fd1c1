package main

import (
	"context"
	"encoding/json"
	"errors"
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
	"kgrag/kg"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
	"kgrag/service"
)

// evalKB is the knowledge base an evaluation runs in.
const evalKB = "eval"

const evalUsage = `Usage:
  kgrag eval --kb DIR [--out FILE] [--show N] [--data DIR]
  kgrag eval --dataset banking77|clinc150|kdconv|all [--data-dir DIR] [--limit N] [--out FILE] [--show N]

--kb evaluates a question set in the format of ../shared/eval/dev (kb/,
qa.jsonl, eval.json, corrections.jsonl): it ingests DIR/kb into a fresh data
directory, asks every question through the answering engine (the code path of
GraphQL ask) with its channel and as-of date, applies the corrections through
the corrections workflow and asks each correction's question.

--dataset evaluates a public dataset of ../shared/datasets (docs/EVAL.md):
  banking77  one FAQ entry per intent from its training utterances; top-1 and
             top-3 intent accuracy of the test queries through chunk search
  clinc150   FAQ entries of the banking and credit-card intents; in-scope test
             queries, the other domains' test queries and oos_test asked
             through the engine: accuracy, false refusals, refusal rate
  kdconv     the travel knowledge graph (--domain) as entities and attributes
             plus text chunks; the question turns of the test split asked
             through the engine: gold triple in the evidence, value in the answer

Both print a table by question type and overall (--kb: then by language),
with evidence recall and size where answers are traced: ev.rec is the share
of answerable questions whose evidence (what the composer or the LLM was
given) holds every must_include (KdConv: the gold triple), ev.n and ev.chars
its mean pieces and characters. --out writes the JSON report (summary,
by_type, by_lang, questions; for --dataset all, an object of the three by
name). Rates are fractions 0..1.

Flags:
`

// evalCmd: kgrag eval --kb DIR | --dataset NAME.
func evalCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, evalUsage); fs.PrintDefaults() }
	dir := fs.String("kb", "", "question set directory: kb/, qa.jsonl, eval.json, corrections.jsonl")
	var do datasetOptions
	fs.StringVar(&do.Name, "dataset", "", "public dataset: banking77, clinc150, kdconv or all (the three in turn)")
	fs.StringVar(&do.Dir, "data-dir", envOr(getenv, "KGRAG_DATASETS", defaultDatasetsDir), "directory of the public datasets (env KGRAG_DATASETS)")
	fs.IntVar(&do.Limit, "limit", 0, "ask at most this many questions of each group, spread over the file (0: all)")
	fs.StringVar(&do.Domain, "domain", "travel", "kdconv domain: travel (kb_travel.json), film or music (graph from the dialogues' triples)")
	fs.StringVar(&do.Split, "split", "test", "kdconv dialogues: test or dev")
	fs.BoolVar(&do.NoTopic, "no-topic", false, "kdconv: ask the question turns as written, without the dialogue's topic put in for 它 or in front")
	out := fs.String("out", "", "write the JSON report here")
	show := fs.Int("show", 0, "print this many failed questions with their answers")
	regKB := fs.String("regressions", "", "run the regression cases (one per approved correction) of this knowledge base against the deployment of --data / KGRAG_NEO4J_URI / KGRAG_QDRANT_ADDR")
	var cfg Config
	commonFlags(fs, &cfg, getenv)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: %w", fs.Args(), errUsage)
	}
	log := zerolog.New(stderr).Level(zerolog.WarnLevel)
	data := &cfg.DataDir
	if !explicitFlag(fs, "data") {
		*data = "" // a fresh temporary data directory unless --data is given
	}
	if *regKB != "" {
		if *dir != "" || do.Name != "" {
			return fmt.Errorf("eval: --regressions runs on its own: %w", errUsage)
		}
		if !explicitFlag(fs, "data") {
			cfg.DataDir = envOr(getenv, "KGRAG_DATA", "./data")
		}
		res, err := runRegressions(ctx, cfg, *regKB, stdout, log)
		if *out != "" && res != nil {
			b, _ := json.MarshalIndent(res, "", "  ")
			if werr := os.WriteFile(*out, b, 0o644); werr != nil {
				return werr
			}
		}
		return err
	}
	var reps []*evaluate.Report
	var headers []string
	switch {
	case *dir != "" && do.Name != "":
		return fmt.Errorf("eval: give --kb or --dataset, not both: %w", errUsage)
	case *dir != "":
		set, err := evaluate.Load(*dir)
		if err != nil {
			return err
		}
		rep, err := runEval(ctx, set, newEvalTarget(cfg, *data, log, time.Now()), log)
		if err != nil {
			return err
		}
		reps, headers = append(reps, rep), append(headers, fmt.Sprintf("%s: %d questions, %d corrections", set.Name, len(set.Questions), len(set.Corrections)))
	case do.Name != "":
		names := []string{do.Name}
		if do.Name == "all" {
			names = datasetNames
		}
		for _, name := range names {
			o := do
			o.Name = name
			dd := *data
			if *data != "" && len(names) > 1 {
				dd = filepath.Join(*data, name)
			}
			o.Target = newEvalTarget(cfg, dd, log, time.Now())
			rep, err := runDataset(ctx, o, log)
			if err != nil {
				return err
			}
			reps, headers = append(reps, rep), append(headers, fmt.Sprintf("%s: %d questions", rep.Name, len(rep.Questions)))
		}
	default:
		fs.Usage()
		return fmt.Errorf("eval: --kb DIR or --dataset NAME is required: %w", errUsage)
	}
	for i, rep := range reps {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintln(stdout, headers[i])
		fmt.Fprint(stdout, rep.Table())
		if *show > 0 {
			showFailures(stdout, rep, *show)
		}
	}
	if *out != "" {
		// One report as is; several (--dataset all) as an object by name.
		var v any = reps[0]
		if len(reps) > 1 {
			m := map[string]*evaluate.Report{}
			for _, r := range reps {
				m[r.Name] = r
			}
			v = m
		}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("eval: report: %w", err)
		}
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
	}
	return nil
}

func showFailures(w io.Writer, rep *evaluate.Report, n int) {
	shown := 0
	for _, q := range rep.Questions {
		if q.Verdict == "correct" || q.Verdict == "refused" {
			continue
		}
		if shown++; shown > n {
			break
		}
		fmt.Fprintf(w, "\n%s [%s] %s -> %s %s\n  %s\n", q.ID, q.Type, q.Question, q.Verdict, q.Reason, q.Answer)
		if q.Gold != "" {
			fmt.Fprintf(w, "  gold %s\n", q.Gold)
		}
		if len(q.Missing)+len(q.Forbidden) > 0 {
			fmt.Fprintf(w, "  missing %v forbidden %v\n", q.Missing, q.Forbidden)
		}
	}
}

// evalEnv is a fresh embedded deployment for one evaluation, built by the
// composition root as kgrag serve builds it (so it searches as serve
// does), with the clock stopped at now.
type evalEnv struct{ *service.Service }

// openEvalEnv builds the deployment in dataDir (a temporary directory,
// removed by Close, when empty) with the clock stopped at now.
func openEvalEnv(dataDir string, now time.Time) (*evalEnv, error) {
	return openEvalEnvOn(dataDir, now, nil)
}

// openEvalEnvOn is openEvalEnv with the graph in store (nil: a fresh
// embedded store in dataDir); the caller closes store.
func openEvalEnvOn(dataDir string, now time.Time, store kg.Store) (*evalEnv, error) {
	return openEvalEnvIn(context.Background(), service.Config{DataDir: dataDir, Store: store}, now)
}

// openEvalEnvIn builds the deployment sc describes (the backends serve
// would use) with the clock stopped at now, and waits for its graph store.
func openEvalEnvIn(ctx context.Context, sc service.Config, now time.Time) (*evalEnv, error) {
	sc.Now = func() time.Time { return now }
	svc, err := service.New(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if err := svc.WaitReady(ctx, time.Minute); err != nil {
		svc.Close()
		return nil, fmt.Errorf("eval: graph store: %w", err)
	}
	return &evalEnv{svc}, nil
}

// evalTarget is where an evaluation runs. By default a fresh embedded
// deployment (in a temporary directory unless --data is given); with
// KGRAG_NEO4J_URI or KGRAG_QDRANT_ADDR set, the backends serve would use,
// so quality is measured on the deployment a brand runs. There every run
// has knowledge bases of its own (the name plus the run's time), because
// the servers keep what earlier runs loaded.
type evalTarget struct {
	svc    service.Config
	suffix string // appended to each knowledge base's name; "" on a fresh embedded deployment
}

func newEvalTarget(cfg Config, dataDir string, log zerolog.Logger, now time.Time) evalTarget {
	if cfg.Neo4j.URI == "" && cfg.Qdrant.Addr == "" {
		return evalTarget{svc: service.Config{DataDir: dataDir}}
	}
	sc := cfg.service(log)
	sc.DataDir = dataDir
	return evalTarget{svc: sc, suffix: "-" + now.UTC().Format("20060102-150405")}
}

// kb is the name of knowledge base base in this run.
func (t evalTarget) kb(base string) string { return base + t.suffix }

// describe says where the run happens, for the report's notes.
func (t evalTarget) describe(kb string) string {
	graph, chunks := "embedded", "embedded"
	if t.svc.Neo4j.URI != "" {
		graph = "Neo4j " + t.svc.Neo4j.URI
	}
	if t.svc.Qdrant.Addr != "" {
		chunks = "Qdrant " + t.svc.Qdrant.Addr
	}
	return fmt.Sprintf("backends: graph %s, chunks %s; knowledge base %q", graph, chunks, kb)
}

// ingest loads sources into a knowledge base and fails on any failed source.
func (e *evalEnv) ingest(ctx context.Context, kb string, in []ingest.Input) error {
	rep, err := e.Ingester.Ingest(ctx, kb, in, ingest.RunOptions{Actor: "eval"})
	if err != nil {
		return fmt.Errorf("eval: ingest: %w", err)
	}
	if err := rep.Err(); err != nil {
		return fmt.Errorf("eval: ingest: %w", err)
	}
	return nil
}

// runEval builds a fresh embedded deployment whose clock is the set's
// default as-of date (so corrections approved during the run hold from
// that day), ingests the knowledge base and asks the questions.
func runEval(ctx context.Context, set *evaluate.Set, target evalTarget, log zerolog.Logger) (*evaluate.Report, error) {
	env, err := openEvalEnvIn(ctx, target.svc, set.DefaultAsOf)
	if err != nil {
		return nil, err
	}
	defer env.Close()
	evalKB := target.kb(evalKB)
	col, err := env.Ingester.Collect(ctx, evalKB, []string{filepath.Join(set.Dir, "kb")})
	if err != nil {
		return nil, err
	}
	if err := env.ingest(ctx, evalKB, col.Inputs); err != nil {
		return nil, fmt.Errorf("%s: %w", set.Dir, err)
	}
	ctx = log.WithContext(ctx)

	ask := func(q evaluate.Question) evaluate.Result {
		asOf, err := set.AsOf(q)
		r := evaluate.Result{}
		if err == nil {
			start := time.Now()
			var a answer.Answer
			a, err = env.Engine.Ask(ctx, answer.Request{KB: evalKB, Question: q.Question, Channel: q.ChannelCode(), AsOf: asOf, Caller: "eval"})
			r.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
			r.Answer, r.Status, r.Reason, r.Citations = a.Text, a.Status, a.Reason, a.Citations
			r.CitedSources = evaluate.CitedSources(&a.Trace, a.Citations)
			r.Trace = &a.Trace // Judge measures the evidence's recall of the answer key
			r.Extra = map[string]any{"linked": a.Trace.LinkedEntities, "notes": a.Trace.Notes, "intent": a.Intent, "plan": a.Trace.Plan, "raw": a.Trace.RawOutput, "evidence_ids": evidenceIDs(a.Trace.Evidence)}
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
	if target.suffix != "" {
		notes = append(notes, target.describe(evalKB))
	}
	for _, c := range set.Corrections {
		if err := applyCorrection(ctx, env.Feedback, evalKB, c); err != nil {
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
func applyCorrection(ctx context.Context, fb *feedback.Service, evalKB string, c evaluate.Correction) error {
	_, id, ok := strings.Cut(c.Target, ":")
	if !ok {
		return fmt.Errorf("target %q: want kind:id", c.Target)
	}
	in := feedback.SubmitInput{NewValue: c.New, OldValue: c.Old, Reason: c.Reason, Question: c.Question.Question}
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

// explicitFlag reports whether the flag was given on the command line.
func explicitFlag(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

// evidenceIDs lists the ids of the evidence handed to the composer.
func evidenceIDs(ev []kg.Evidence) []string {
	out := make([]string, 0, len(ev))
	for _, e := range ev {
		out = append(out, e.ID)
	}
	return out
}
