package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"time"

	"github.com/rs/zerolog"

	"kgrag/ingest/ingesttest"
	"kgrag/kg"
	"kgrag/kg/memkg"
	"kgrag/service"
)

func TestIngestCommand(t *testing.T) {
	kb := ingesttest.DevKB(t)
	data := t.TempDir()
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"ingest", "--data", data, kb}, env(nil), &out, &errb); err != nil {
		t.Fatalf("first ingest: %v\n%s%s", err, out.String(), errb.String())
	}
	t.Logf("first run:\n%s", out.String())
	for _, want := range []string{"13 new", "40 Product", "11 Policy", "34 FAQ", "40 product", "34 faq", "REFILL_OF"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("first run output lacks %q", want)
		}
	}
	out.Reset()
	if err := run(ctx, []string{"ingest", kb, "--data", data}, env(nil), &out, &errb); err != nil {
		t.Fatalf("second ingest: %v", err)
	}
	if !strings.Contains(out.String(), "no changes: 13 sources unchanged") {
		t.Errorf("second run output:\n%s", out.String())
	}

	// A bad file fails the command with file:line and leaves the rest.
	bad := filepath.Join(t.TempDir(), "faq.csv")
	os.WriteFile(bad, []byte("id,question,answer\nX1,问\n"), 0o644)
	out.Reset()
	err := run(ctx, []string{"ingest", "--data", data, "--kb", "other", bad}, env(nil), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "faq.csv:2: 2 fields, the header has 3") {
		t.Errorf("bad file: %v\n%s", err, out.String())
	}
	// --skip-bad takes what it can.
	out.Reset()
	if err := run(ctx, []string{"ingest", "--data", data, "--kb", "other", "--skip-bad", bad}, env(nil), &out, &errb); err != nil {
		t.Errorf("--skip-bad: %v", err)
	}

	// --delete by path.
	out.Reset()
	if err := run(ctx, []string{"ingest", "--data", data, "--delete", filepath.Join(kb, "faq.csv")}, env(nil), &out, &errb); err != nil {
		t.Fatalf("--delete: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "REMOVED    faq.csv") {
		t.Errorf("--delete output:\n%s", out.String())
	}
	if err := run(ctx, []string{"ingest", "--data", data}, env(nil), &out, &errb); !errors.Is(err, errUsage) {
		t.Errorf("no paths: %v, want a usage error", err)
	}
	if err := run(ctx, []string{"ingest", "--data", data, "--encoding", "latin9", kb}, env(nil), &out, &errb); !errors.Is(err, errUsage) {
		t.Errorf("bad encoding: %v, want a usage error", err)
	}
}

func TestDemo(t *testing.T) {
	ctx := context.Background()
	svc, err := service.New(ctx, service.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := loadDemo(ctx, svc, zerolog.Nop()); err != nil {
		t.Fatal(err)
	}
	srcs, err := svc.Ingester.Sources(ctx, "default")
	if err != nil || len(srcs) != 7 {
		t.Fatalf("demo sources = %d, %v", len(srcs), err)
	}
	for _, s := range srcs {
		if len(s.Errors) > 0 || s.Status != "OK" {
			t.Errorf("demo source %s: %s %v", s.ID, s.Status, s.Errors)
		}
	}
	p, err := svc.Store.Entity(ctx, "default", "ML-101", kgZero)
	if err != nil || p.Type != "Product" {
		t.Errorf("demo product: %+v %v", p, err)
	}
	// Not loaded again into a knowledge base that has content.
	if rep, err := svc.LoadDemo(ctx); !errors.Is(err, service.ErrNotEmpty) {
		t.Errorf("second demo load = %v, %v; want ErrNotEmpty", rep, err)
	}
	if err := loadDemo(ctx, svc, zerolog.Nop()); err != nil {
		t.Errorf("loadDemo into a knowledge base with content = %v, want nothing done", err)
	}
}

var kgZero time.Time

// TestIngestChannelsConfig: KGRAG_CHANNELS names a brand's own channels,
// so a catalog may say "苏宁易购"; a code nobody configured loads too, named
// by its code; a malformed KGRAG_CHANNELS is a usage error.
func TestIngestChannelsConfig(t *testing.T) {
	t.Cleanup(func() { kg.SetChannels("") })
	dir, data := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(dir, "products.jsonl"), []byte(
		`{"id": "P-1", "name": "推车", "price_cny": 999, "channels": ["苏宁易购", "tmall", "kaola"]}`+"\n"), 0o644)
	ctx := context.Background()
	var out, errb bytes.Buffer
	cfg := env(map[string]string{"KGRAG_CHANNELS": "suning=苏宁易购/Suning"})
	if err := run(ctx, []string{"ingest", "--data", data, dir}, cfg, &out, &errb); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out.String())
	}
	store, err := memkg.Open(data, memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p, err := store.Entity(ctx, "default", "P-1", kgZero)
	if err != nil || strings.Join(p.Channels, ",") != "kaola,suning,tmall" {
		t.Fatalf("P-1 channels = %v, %v", p.Channels, err)
	}
	for id, name := range map[string]string{"channel:suning": "苏宁易购", "channel:kaola": "kaola", "channel:tmall": "天猫"} {
		if e, err := store.Entity(ctx, "default", id, kgZero); err != nil || e.Name != name || e.Type != "Channel" {
			t.Errorf("%s = %q %s, %v; want a Channel named %q", id, e.Name, e.Type, err, name)
		}
	}
	err = run(ctx, []string{"ingest", "--data", t.TempDir(), dir}, env(map[string]string{"KGRAG_CHANNELS": "Su Ning=苏宁"}), &out, &errb)
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "KGRAG_CHANNELS") {
		t.Errorf("malformed KGRAG_CHANNELS: %v, want a usage error naming it", err)
	}
}

// TestQdrantLogLinesReachTheLog ingests with Qdrant unreachable: the
// outbox's "write queued" lines, logged through the context, must reach
// the log (they were lost: the context carried no logger), and no line may
// carry a key twice.
func TestQdrantLogLinesReachTheLog(t *testing.T) {
	getenv := func(k string) string {
		switch k {
		case "KGRAG_QDRANT_ADDR":
			return "127.0.0.1:1" // nothing listens there
		case "KGRAG_LOG_LEVEL":
			return "info"
		}
		return ""
	}
	var stdout strings.Builder
	var stderr lockedBuilder // the outbox's drain logs from its own goroutine
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, []string{"ingest", "--data", t.TempDir(), "--kb", "x", "../../ingest/demo/kb"}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("ingest = %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "write queued") {
		t.Errorf("the log has no \"write queued\" line:\n%s", stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		if _, err := dec.Token(); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		seen := map[string]bool{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			if seen[k.(string)] {
				t.Errorf("log line has key %q twice: %s", k, line)
			}
			seen[k.(string)] = true
		}
	}
}

// lockedBuilder is a strings.Builder several goroutines may write to.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
