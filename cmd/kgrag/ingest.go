package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"kgrag/ingest"
	"kgrag/ingest/chunk"
	"kgrag/ingest/extract"
	"kgrag/ingest/parse"
	"kgrag/ingest/registry"
	"kgrag/ingest/textenc"
	"kgrag/kg"
	"kgrag/service"
)

const ingestUsage = `Usage: kgrag ingest [flags] PATH...

Loads files and directories (products .jsonl/.csv, policies .md with YAML
front matter, FAQ .csv, and any Markdown, text, HTML, CSV or JSON Lines) into
the knowledge graph and the chunk index. Unchanged sources are skipped; files
gone from a directory that was ingested before are removed.

  kgrag ingest ../shared/eval/dev/kb
  kgrag ingest --kb brand2 --skip-bad catalog.csv policies/
  kgrag ingest --delete policies/old.md     (a path or a source id)

Flags:
`

// ingestConfig is the ingest command's configuration.
type ingestConfig struct {
	Config
	KB       string
	SkipBad  bool
	Delete   bool
	Format   string
	Encoding string
	Kind     string
	Columns  string
	Chunk    chunk.Options
	MaxBytes int64
	Quiet    bool
	Actor    string
	// LLM extraction: on when a model is configured.
	Extract bool
	LLM     extract.Config
}

func ingestFlags(fs *flag.FlagSet, c *ingestConfig, getenv func(string) string) {
	commonFlags(fs, &c.Config, getenv)
	fs.StringVar(&c.KB, "kb", envOr(getenv, "KGRAG_KB", "default"), "knowledge base to load into (env KGRAG_KB)")
	fs.BoolVar(&c.SkipBad, "skip-bad", false, "skip malformed lines and rows (reported) instead of rejecting their whole source")
	fs.BoolVar(&c.Delete, "delete", false, "remove the sources named (paths or source ids): their chunks and the facts only they supported are retired")
	fs.StringVar(&c.Format, "format", "", "format of the files given: markdown, text, html, csv, jsonl or json (default: from the extension)")
	fs.StringVar(&c.Encoding, "encoding", "", "encoding of the files given: utf-8, gbk or gb18030 (default: detect)")
	fs.StringVar(&c.Kind, "kind", "", "what the files hold: product, policy, faq or doc (default: detect)")
	fs.StringVar(&c.Columns, "columns", "", `CSV/JSON column mapping, e.g. "问题=question,答案=answer,货号=id"`)
	fs.IntVar(&c.Chunk.Size, "chunk-size", chunk.DefaultSize, "most characters in a chunk")
	fs.IntVar(&c.Chunk.Overlap, "chunk-overlap", chunk.DefaultOverlap, "characters of trailing sentences repeated at the start of the next chunk")
	fs.Int64Var(&c.MaxBytes, "max-file-size", parse.DefaultMaxBytes, "largest source file in bytes")
	fs.BoolVar(&c.Quiet, "quiet", false, "no progress bar")
	fs.StringVar(&c.LLM.BaseURL, "llm-url", getenv("KGRAG_LLM_BASE_URL"), "OpenAI-compatible endpoint for entity extraction, e.g. https://api.openai.com/v1 (env KGRAG_LLM_BASE_URL)")
	fs.StringVar(&c.LLM.Model, "llm-model", getenv("KGRAG_LLM_MODEL"), "chat model for entity extraction; empty: no extraction (env KGRAG_LLM_MODEL)")
	fs.BoolVar(&c.Extract, "extract", true, "propose entities and relations from policy and document text with the LLM, when one is configured")
	c.LLM.APIKey = getenv("KGRAG_LLM_API_KEY") // secret: from the environment only
}

// parseInterspersed parses flags that may stand before, between or after
// the paths.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%v: %w", err, errUsage)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func parseColumns(s string) (map[string]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m := map[string]string{}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("--columns %q: want column=field pairs separated by commas: %w", s, errUsage)
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return m, nil
}

func ingestCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c ingestConfig
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, ingestUsage); fs.PrintDefaults() }
	ingestFlags(fs, &c, getenv)
	paths, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return fmt.Errorf("ingest: no paths given: %w", errUsage)
	}
	if err := kg.ValidKB(c.KB); err != nil {
		return fmt.Errorf("--kb: %v: %w", err, errUsage)
	}
	if _, err := textenc.Canonical(c.Encoding); err != nil {
		return fmt.Errorf("--encoding: %v: %w", err, errUsage)
	}
	cols, err := parseColumns(c.Columns)
	if err != nil {
		return err
	}
	c.Actor = "cli"
	if u := getenv("USER"); u != "" {
		c.Actor = "cli:" + u
	}
	log, err := newLogger(c.Config, stderr)
	if err != nil {
		return err
	}
	ctx = log.WithContext(ctx) // what the backends log through zerolog.Ctx reaches the log
	sc := c.service(log)
	sc.Ingest = ingest.Options{Chunk: c.Chunk, MaxFileBytes: c.MaxBytes, Columns: cols}
	if c.Extract && c.LLM.Model != "" {
		sc.Extract = c.LLM
	}
	svc, err := service.New(ctx, sc)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.WaitReady(ctx, time.Minute); err != nil {
		return fmt.Errorf("ingest: graph store: %w", err)
	}
	return runIngest(ctx, svc.Ingester, c, paths, stdout, stderr)
}

// runIngest does the work of the command with an Ingester.
func runIngest(ctx context.Context, ing *ingest.Ingester, c ingestConfig, paths []string, stdout, stderr io.Writer) error {
	ro := ingest.RunOptions{SkipBad: c.SkipBad, Actor: c.Actor}
	if c.Delete {
		ids, err := sourceIDs(ctx, ing, c.KB, paths)
		if err != nil {
			return err
		}
		rep, err := ing.Delete(ctx, c.KB, ids, ro)
		if err != nil {
			return err
		}
		rep.WriteText(stdout)
		return rep.Err()
	}
	col, err := ing.Collect(ctx, c.KB, paths)
	if err != nil {
		return err
	}
	for _, s := range col.Skipped {
		fmt.Fprintf(stderr, "skipped %s\n", s)
	}
	for i := range col.Inputs {
		col.Inputs[i].Format = parse.Format(c.Format)
		col.Inputs[i].Encoding = c.Encoding
		col.Inputs[i].Kind = parse.Kind(c.Kind)
	}
	bar := newBar(len(col.Inputs)+len(col.Removed), stderr, c.Quiet)
	ro.Progress = func(ev ingest.Event) {
		if bar != nil {
			bar.Describe(ev.Source)
			_ = bar.Add(1)
		}
	}
	rep, err := ing.Ingest(ctx, c.KB, col.Inputs, ro)
	if err == nil && len(col.Removed) > 0 {
		var drep *ingest.Report
		drep, err = ing.Delete(ctx, c.KB, col.Removed, ro)
		if err == nil {
			rep.Sources = append(rep.Sources, drep.Sources...)
			for i := range rep.Chunks {
				for _, d := range drep.Chunks {
					if d.Type == rep.Chunks[i].Type {
						rep.Chunks[i].Retired += d.Retired
						rep.Chunks[i].Total = d.Total
					}
				}
			}
			rep.Entities, rep.Relations = mergeCounts(rep.Entities, drep.Entities), mergeCounts(rep.Relations, drep.Relations)
		}
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return fmt.Errorf("ingest: %w (run the command again to complete the interrupted sources)", err)
	}
	rep.WriteText(stdout)
	return rep.Err()
}

// mergeCounts adds a later run's retirements to a report's counts and
// takes its totals.
func mergeCounts(a, b []ingest.TypeCount) []ingest.TypeCount {
	for _, x := range b {
		found := false
		for i := range a {
			if a[i].Type == x.Type {
				a[i].Retired += x.Retired
				a[i].Total = x.Total
				found = true
			}
		}
		if !found {
			a = append(a, x)
		}
	}
	return a
}

func newBar(total int, w io.Writer, quiet bool) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if quiet || total == 0 || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("ingesting"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("sources"),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionSetWidth(30),
	)
}

// sourceIDs maps --delete arguments to registered source ids: an id as is,
// a file by the origin it was read from, a directory to every source read
// from under it.
func sourceIDs(ctx context.Context, ing *ingest.Ingester, kb string, args []string) ([]string, error) {
	srcs, err := ing.Sources(ctx, kb)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range args {
		found := false
		abs, _ := filepath.Abs(a)
		for _, s := range srcs {
			if s.Status == registry.StatusDeleted {
				continue
			}
			if s.ID == a || s.Origin == abs || strings.HasPrefix(s.Origin, abs+string(filepath.Separator)) {
				ids = append(ids, s.ID)
				found = true
			}
		}
		if !found {
			ids = append(ids, a) // reported as unknown
		}
	}
	return ids, nil
}
