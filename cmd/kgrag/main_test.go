package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"kgrag/retrieval/qdrantvec"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServeZeroConfig starts the service the way the README does, with no
// configuration but a data directory, and stops it the way SIGTERM does.
func TestServeZeroConfig(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuf
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir()}, env(nil), &logs, &logs)
	}()
	var resp *http.Response
	var err error
	for range 100 {
		if resp, err = http.Get("http://" + addr + "/readyz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("service never came up: %v\n%s", err, logs.String())
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("readyz = %d", resp.StatusCode)
	}
	r, err := http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(`{"query":"{ me { role kb } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(r.Body)
	r.Body.Close()
	if !strings.Contains(body.String(), `"role":"ADMIN"`) {
		t.Errorf("dev-mode me = %s", body.String())
	}
	// kgrag serve publishes its metrics, with the build and the query above.
	m, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body.Reset()
	_, _ = body.ReadFrom(m.Body)
	m.Body.Close()
	for _, want := range []string{"kgrag_build_info{", `kgrag_graphql_requests_total{operation="me",status="ok",type="query"} 1`} {
		if !strings.Contains(body.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	cancel() // what SIGTERM does through signal.NotifyContext
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
	for _, want := range []string{`"message":"kgrag serving"`, `"message":"stopped"`, `"req_id"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, logs.String())
		}
	}
}

func TestServeRefusesUnsafeConfig(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"open API on all interfaces", []string{"serve", "--addr", "0.0.0.0:0"}, nil, "refusing to serve an open API"},
		{"bad keys", []string{"serve", "--addr", "127.0.0.1:0"}, map[string]string{"KGRAG_API_KEYS": "bot:chat:kb:tiny5"}, "KGRAG_API_KEYS"},
		{"bad log level", []string{"serve", "--log-level", "loud"}, nil, "log level"},
		{"bad timeout", []string{"serve"}, map[string]string{"KGRAG_REQUEST_TIMEOUT": "soon"}, "KGRAG_REQUEST_TIMEOUT"},
		{"bad rate", []string{"serve"}, map[string]string{"KGRAG_RATE_LIMIT": "-1"}, "KGRAG_RATE_LIMIT"},
		{"bad memory limit", []string{"serve"}, map[string]string{"KGRAG_MEMORY_LIMIT": "lots"}, "KGRAG_MEMORY_LIMIT"},
		{"bad introspection", []string{"serve"}, map[string]string{"KGRAG_INTROSPECTION": "maybe"}, "KGRAG_INTROSPECTION"},
		{"bad token limit", []string{"serve"}, map[string]string{"KGRAG_MAX_TOKENS": "many"}, "KGRAG_MAX_TOKENS"},
		{"bad retention", []string{"serve"}, map[string]string{"KGRAG_TRACE_RETENTION": "soon"}, "KGRAG_TRACE_RETENTION"},
		{"unknown flag", []string{"serve", "--nope"}, nil, "flag provided but not defined"},
		{"unknown command", []string{"fly"}, nil, "unknown command"},
		{"no command", nil, nil, "no command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			tc.args = append(tc.args, "--data", t.TempDir())
			if tc.name == "unknown command" || tc.name == "no command" {
				tc.args = tc.args[:len(tc.args)-2]
			}
			err := run(context.Background(), tc.args, env(tc.env), &out, &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("run(%v) = %v, want error containing %q", tc.args, err, tc.want)
			}
			if strings.Contains(out.String()+err.Error(), "tiny5") && tc.name == "bad keys" {
				t.Errorf("output leaks the secret: %s %v", out.String(), err)
			}
			if tc.name != "bad keys" && tc.name != "open API on all interfaces" && !errors.Is(err, errUsage) {
				t.Errorf("error %v is not a usage error", err)
			}
		})
	}
}

// TestServeLimitsFromEnv: KGRAG_RATE_LIMIT, KGRAG_RATE_BURST,
// KGRAG_INTROSPECTION and the query limits reach the handler.
func TestServeLimitsFromEnv(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuf
	done := make(chan error, 1)
	cfg := env(map[string]string{"KGRAG_RATE_LIMIT": "0.01", "KGRAG_RATE_BURST": "3", "KGRAG_INTROSPECTION": "0", "KGRAG_MAX_ALIASES": "1"})
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir()}, cfg, &logs, &logs)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not shut down")
		}
	}()
	post := func(query string) (int, string) {
		t.Helper()
		var r *http.Response
		var err error
		for range 100 {
			if r, err = http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(`{"query":"`+query+`"}`)); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("service never came up: %v\n%s", err, logs.String())
		}
		defer r.Body.Close()
		var body bytes.Buffer
		_, _ = body.ReadFrom(r.Body)
		return r.StatusCode, body.String()
	}
	if _, body := post(`{ __schema { types { name } } }`); strings.Contains(body, `"types"`) || !strings.Contains(body, `"code"`) {
		t.Errorf("introspection with KGRAG_INTROSPECTION=0: %s", body)
	}
	if _, body := post(`{ a: me { role } b: me { kb } }`); !strings.Contains(body, "aliases") {
		t.Errorf("two aliases with KGRAG_MAX_ALIASES=1: %s", body)
	}
	if status, body := post(`{ me { role } }`); status != http.StatusOK {
		t.Errorf("third request within the burst of 3: %d %s", status, body)
	}
	if status, body := post(`{ me { role } }`); status != http.StatusTooManyRequests || !strings.Contains(body, "RATE_LIMITED") {
		t.Errorf("fourth request over KGRAG_RATE_BURST=3: %d %s", status, body)
	}
}

// TestQdrantSearchFromEnv: KGRAG_QDRANT_HNSW_EF and KGRAG_QDRANT_EXACT
// reach qdrantvec.Config; a value that is not a number is refused by
// qdrantvec.New, not taken as the default.
func TestQdrantSearchFromEnv(t *testing.T) {
	c := qdrantFromEnv(env(map[string]string{"KGRAG_QDRANT_HNSW_EF": "256", "KGRAG_QDRANT_EXACT": "1"}))
	if c.HNSWEf != 256 || !c.Exact {
		t.Errorf("from env: hnsw_ef %d exact %v, want 256 true", c.HNSWEf, c.Exact)
	}
	if c := qdrantFromEnv(env(nil)); c.HNSWEf != 0 || c.Exact {
		t.Errorf("unset: hnsw_ef %d exact %v, want 0 false", c.HNSWEf, c.Exact)
	}
	c = qdrantFromEnv(env(map[string]string{"KGRAG_QDRANT_ADDR": "localhost", "KGRAG_QDRANT_HNSW_EF": "lots"}))
	c.Dim = 8
	if _, err := qdrantvec.New(c); err == nil {
		t.Error("KGRAG_QDRANT_HNSW_EF=lots accepted")
	}
}
