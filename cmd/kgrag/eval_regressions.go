package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"kgrag/kg"
	"kgrag/retrieval/answer"
	"kgrag/service"
)

// regressionResult is one regression case's outcome.
type regressionResult struct {
	ID        string   `json:"id"`
	Question  string   `json:"question"`
	Answer    string   `json:"answer"`
	Status    string   `json:"status"`
	Passed    bool     `json:"passed"`
	Missing   []string `json:"missing,omitempty"`
	Forbidden []string `json:"forbidden,omitempty"`
}

// runRegressions asks the regression cases of a knowledge base (one per
// approved correction, kept by the corrections workflow) against the
// deployment in cfg — the data directory, or Neo4j and Qdrant when
// configured — so a fix stays fixed. It returns an error when any fails.
func runRegressions(ctx context.Context, cfg Config, kb string, stdout io.Writer, log zerolog.Logger) ([]regressionResult, error) {
	if err := kg.ValidKB(kb); err != nil {
		return nil, err
	}
	sc := cfg.service(log)
	sc.AskOnly = true // asks a deployment: nothing of ingest is opened
	svc, err := service.New(ctx, sc)
	if err != nil {
		return nil, err
	}
	defer svc.Close()
	if err := svc.WaitReady(ctx, time.Minute); err != nil {
		return nil, fmt.Errorf("regressions: graph store: %w", err)
	}
	fb, eng := svc.Feedback, svc.Engine
	cases, err := fb.Regressions(ctx, kb)
	if err != nil {
		return nil, err
	}
	var out []regressionResult
	failed := 0
	for _, c := range cases {
		if c.SupersededBy != "" {
			continue // a later correction of the same fact has the case to run
		}
		a, err := eng.Ask(ctx, answer.Request{KB: kb, Question: c.Question, Channel: c.Channel, Caller: "eval-regressions"})
		if err != nil {
			return nil, fmt.Errorf("regression %s: %w", c.ID, err)
		}
		ok, missing, forbidden := c.Run(a.Text)
		r := regressionResult{ID: c.ID, Question: c.Question, Answer: a.Text, Status: a.Status, Passed: ok && a.Status == answer.StatusAnswered,
			Missing: missing, Forbidden: forbidden}
		if !r.Passed {
			failed++
		}
		out = append(out, r)
	}
	fmt.Fprintf(stdout, "regressions of knowledge base %q: %d cases, %d passed, %d failed\n", kb, len(out), len(out)-failed, failed)
	for _, r := range out {
		if !r.Passed {
			fmt.Fprintf(stdout, "FAIL %s %q -> %s %s\n     missing %v forbidden %v\n", r.ID, r.Question, r.Status, strings.TrimSpace(r.Answer), r.Missing, r.Forbidden)
		}
	}
	if failed > 0 {
		return out, fmt.Errorf("%d of %d regression cases failed", failed, len(out))
	}
	return out, nil
}
