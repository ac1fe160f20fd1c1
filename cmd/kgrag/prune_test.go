package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
	"kgrag/kg/memkg"
)

// TestPruneCommand: kgrag prune deletes the answers older than the
// retention period in every knowledge base, and keeps rated ones and
// newer ones.
func TestPruneCommand(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := memkg.Open(dir, memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, kb := range []string{"a", "b"} {
		for i, age := range []time.Duration{200 * 24 * time.Hour, 100 * 24 * time.Hour, time.Hour} {
			if err := st.PutTrace(ctx, kb, kg.Trace{ID: fmt.Sprintf("ans-%d", i), CreatedAt: now.Add(-age), Question: "q", Status: "ANSWERED"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	fb, err := feedback.New(st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fb.Rate(ctx, "b", "agent", "ans-0", false, ""); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var out, logs bytes.Buffer
	if err := run(ctx, []string{"prune", "--data", dir}, env(nil), &out, &logs); !errors.Is(err, errUsage) {
		t.Errorf("prune without a retention = %v, want a usage error", err)
	}
	if err := run(ctx, []string{"prune", "--data", dir}, env(map[string]string{"KGRAG_TRACE_RETENTION": "90d"}), &out, &logs); err != nil {
		t.Fatalf("prune = %v\n%s", err, logs.String())
	}
	if !strings.Contains(out.String(), "a: 2 answers older than") || !strings.Contains(out.String(), "b: 1 answers older than") {
		t.Errorf("prune output = %q, want 2 deleted in a and 1 in b", out.String())
	}
	st, err = memkg.Open(dir, memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for kb, want := range map[string]string{"a": "ans-2", "b": "ans-2 ans-0"} {
		p, err := st.Traces(ctx, kb, kg.TraceQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, tr := range p.Traces {
			ids = append(ids, tr.ID)
		}
		if got := strings.Join(ids, " "); got != want {
			t.Errorf("answers of %s after prune = %q, want %q", kb, got, want)
		}
	}
}
