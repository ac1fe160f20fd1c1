package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/rs/zerolog"

	"kgrag/feedback"
	"kgrag/service"
)

const pruneUsage = `Usage: kgrag prune [flags]

Deletes answers (with their traces) older than the retention period, except
corrected and rated answers (auditors and regression cases need them).
kgrag serve does the same every few hours when KGRAG_TRACE_RETENTION is set;
with the embedded store, whose data directory one process holds at a time,
use the pruneAnswers mutation (admin) while serve runs.

  kgrag prune --retention 90d
  KGRAG_TRACE_RETENTION=2160h kgrag prune --kb brand2

Flags:
`

// pruneEvery is how often kgrag serve prunes when a retention is set.
const pruneEvery = 6 * time.Hour

// retentionFlag registers --trace-retention (env KGRAG_TRACE_RETENTION).
func retentionFlag(fs *flag.FlagSet, name string, getenv func(string) string) *string {
	return fs.String(name, getenv("KGRAG_TRACE_RETENTION"),
		`how long answers and their traces are kept: days (90d) or a duration (2160h); empty or 0: forever, except corrected and rated answers, which are always kept (env KGRAG_TRACE_RETENTION)`)
}

func parseRetention(s string) (time.Duration, error) {
	d, err := feedback.ParseRetention(s)
	if err != nil {
		return 0, fmt.Errorf("KGRAG_TRACE_RETENTION: %v: %w", err, errUsage)
	}
	return d, nil
}

func pruneCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("prune", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, pruneUsage); fs.PrintDefaults() }
	commonFlags(fs, &cfg, getenv)
	kb := fs.String("kb", "", "knowledge base to prune; empty: every one")
	ret := retentionFlag(fs, "retention", getenv)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	retention, err := parseRetention(*ret)
	if err != nil {
		return err
	}
	if retention == 0 {
		return fmt.Errorf("no retention period: give --retention 90d or set KGRAG_TRACE_RETENTION: %w", errUsage)
	}
	log, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	sc := cfg.service(log)
	sc.AskOnly = true
	svc, err := service.New(ctx, sc)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.WaitReady(ctx, time.Minute); err != nil {
		return fmt.Errorf("prune: graph store: %w", err)
	}
	before := time.Now().UTC().Add(-retention)
	var res []feedback.Pruned
	if *kb != "" {
		r, perr := svc.Feedback.PruneTraces(log.WithContext(ctx), *kb, feedback.RetentionActor, before)
		res, err = []feedback.Pruned{r}, perr
	} else {
		res, err = svc.Feedback.PruneAllTraces(log.WithContext(ctx), before)
	}
	for _, r := range res {
		fmt.Fprintf(stdout, "%s: %d answers older than %s deleted; %d corrected or rated answers kept\n",
			r.KB, r.Deleted, r.Before.Format(time.RFC3339), r.Protected)
	}
	return err
}

// pruneLoop prunes every knowledge base's old answers a minute after start
// and then every pruneEvery, until ctx ends. Several instances against one
// Neo4j may all run it: pruning is idempotent.
func pruneLoop(ctx context.Context, fb *feedback.Service, retention time.Duration, log zerolog.Logger) {
	log = log.With().Str("component", "retention").Logger()
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := fb.PruneAllTraces(log.WithContext(ctx), time.Now().UTC().Add(-retention)); err != nil && ctx.Err() == nil {
			log.Warn().Err(err).Msg("pruning old answers failed; trying again later")
		}
		t.Reset(pruneEvery)
	}
}
