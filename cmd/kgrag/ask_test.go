package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"kgrag/graph"
	"kgrag/graph/auth"
	"kgrag/service"
)

const demoKB = "../../ingest/demo/kb"

// askJSON is the part of --json output the tests read.
type askJSON struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Trace  struct {
		ID      string `json:"id"`
		Caller  string `json:"caller"`
		Channel string `json:"channel"`
		AsOf    string `json:"asOf"`
		Plan    struct {
			Operation string `json:"operation"`
		} `json:"plan"`
		Evidence []struct{ ID string } `json:"evidence"`
		Latency  []struct {
			Stage  string `json:"stage"`
			Micros int    `json:"micros"`
		} `json:"latency"`
	} `json:"trace"`
}

// TestAskEmbedded asks a data directory that kgrag ingest filled.
func TestAskEmbedded(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"ingest", "--data", data, "--kb", "coffee", demoKB}, env(nil), &out, &errb); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errb.String())
	}

	out.Reset()
	if err := run(ctx, []string{"ask", "--data", data, "--kb", "coffee", "M2 Pro 咖啡机多少钱？"}, env(nil), &out, &errb); err != nil {
		t.Fatalf("ask: %v\n%s", err, errb.String())
	}
	for _, want := range []string{"元", "status: ANSWERED", "answer: ans-", "[1] fact "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("ask output lacks %q:\n%s", want, out.String())
		}
	}

	// Flags after the question, --as-of, --channel and --json.
	out.Reset()
	args := []string{"ask", "M2 Pro", "保修几年？", "--data", data, "--kb", "coffee", "--as-of", "2025-10-01", "--channel", "tmall", "--json"}
	if err := run(ctx, args, env(nil), &out, &errb); err != nil {
		t.Fatalf("ask --json: %v\n%s", err, errb.String())
	}
	var a askJSON
	if err := json.Unmarshal(out.Bytes(), &a); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out.String())
	}
	if a.ID == "" || a.Trace.ID != a.ID || a.Status != "ANSWERED" || a.Trace.Channel != "tmall" ||
		!strings.HasPrefix(a.Trace.AsOf, "2025-10-01T00:00:00") || a.Trace.Plan.Operation == "" ||
		len(a.Trace.Evidence) == 0 || len(a.Trace.Latency) == 0 {
		t.Errorf("--json answer = %+v; want the answer with its trace, channel tmall, as of 2025-10-01", a)
	}

	// An unknown knowledge base, a bad date and no question are errors.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ask", "--data", data, "--as-of", "yesterday", "q"}, "--as-of"},
		{[]string{"ask", "--data", data}, "no question"},
		{[]string{"ask", "--data", data, "--kb", "Bad KB!", "q"}, "BAD_USER_INPUT"},
	} {
		err := run(ctx, tc.args, env(nil), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error with %q", tc.args, err, tc.want)
		}
	}
}

// TestAskServer asks a running server (the real GraphQL handler) with the
// key from KGRAG_API_KEY.
func TestAskServer(t *testing.T) {
	ctx := context.Background()
	svc, err := service.New(ctx, service.Config{DataDir: t.TempDir(), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	const secret, adminSecret = "chat-secret-0123456789", "admin-secret-0123456789"
	keys, err := auth.ParseKeys("bot:chat:default:" + secret + ",root:admin:*:" + adminSecret)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.Nop(), Keys: keys, Ready: svc.Ready}))
	defer srv.Close()

	var out bytes.Buffer
	withKey := env(map[string]string{"KGRAG_API_KEY": secret})
	if err := run(ctx, []string{"ask", "--server", srv.URL, "M2 Pro 咖啡机多少钱？"}, withKey, &out, io.Discard); err != nil {
		t.Fatalf("ask --server: %v", err)
	}
	if !strings.Contains(out.String(), "元") || !strings.Contains(out.String(), "status: ANSWERED") {
		t.Errorf("ask --server output:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"ask", "--server", srv.URL + "/graphql", "--kb", "default", "--json", "那它能退吗？"}, withKey, &out, io.Discard); err != nil {
		t.Fatalf("ask --server --json: %v", err)
	}
	var a askJSON
	if err := json.Unmarshal(out.Bytes(), &a); err != nil || a.ID == "" || a.Trace.ID != "" {
		t.Errorf("ask --server --json with a chat key = %+v, %v; want the answer without its trace (chat keys may not read traces)\n%s", a, err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"ask", "--server", srv.URL, "--json", "M1 水箱多大"}, env(map[string]string{"KGRAG_API_KEY": adminSecret}), &out, io.Discard); err != nil {
		t.Fatalf("ask --server --json (admin): %v", err)
	}
	a = askJSON{}
	if err := json.Unmarshal(out.Bytes(), &a); err != nil || a.ID == "" || a.Trace.ID != a.ID || a.Trace.Caller != "root" || len(a.Trace.Latency) == 0 {
		t.Errorf("ask --server --json with an admin key = %+v, %v; want the answer with its trace, caller root\n%s", a, err, out.String())
	}

	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no key", []string{"ask", "--server", srv.URL, "q"}, nil, "UNAUTHENTICATED"},
		{"wrong key", []string{"ask", "--server", srv.URL, "q"}, map[string]string{"KGRAG_API_KEY": "wrong-secret-0123456789"}, "UNAUTHENTICATED"},
		{"other knowledge base", []string{"ask", "--server", srv.URL, "--kb", "other", "q"}, map[string]string{"KGRAG_API_KEY": secret}, "FORBIDDEN"},
		{"not a URL", []string{"ask", "--server", "kgrag:8080", "q"}, nil, "--server"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errb bytes.Buffer
			err := run(ctx, tc.args, env(tc.env), io.Discard, &errb)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("run(%q) = %v, want an error with %q", tc.args, err, tc.want)
			}
			if err != nil && strings.Contains(err.Error()+errb.String(), secret) {
				t.Errorf("the key leaked into the output: %v", err)
			}
		})
	}
}
