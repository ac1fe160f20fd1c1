package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func loadTestFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadLoadQuestions(t *testing.T) {
	cases := []struct {
		name, data string
		want       int
		wantErr    string
	}{
		{"jsonl", `{"question":"多少钱","channel":"tmall","as_of":"2025-11-01"}` + "\n\n" + `{"question":"运费","channel":null}`, 2, ""},
		{"plain lines", "退货怎么退\n发票怎么开\n", 2, ""},
		{"empty", "\n", 0, "no questions"},
		{"bad json", `{"question":`, 0, "qa:1"},
		{"no question", `{"channel":"web"}`, 0, "no question"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			qs, err := readLoadQuestions(loadTestFile(t, "qa", tc.data))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("readLoadQuestions = %v, want error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || len(qs) != tc.want {
				t.Errorf("readLoadQuestions = %d questions, %v; want %d", len(qs), err, tc.want)
			}
		})
	}
}

// fakeGraphQL answers ask like the service does and checks each request.
func fakeGraphQL(t *testing.T, fail func(n int64) bool) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		var req struct {
			Query     string
			Variables struct {
				Input map[string]any
			}
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &req); err != nil || !strings.Contains(req.Query, "ask(input: $input) { id text status }") {
			t.Errorf("request %s: %v", body, err)
		}
		if q, _ := req.Variables.Input["question"].(string); q == "" {
			t.Errorf("request without a question: %s", body)
		}
		if a, ok := req.Variables.Input["asOf"].(string); ok {
			if _, err := time.Parse(time.RFC3339, a); err != nil {
				t.Errorf("asOf %q is not RFC 3339", a)
			}
		}
		if got := r.Header.Get("Authorization"); got != "Bearer k1" {
			t.Errorf("Authorization = %q", got)
		}
		if fail != nil && fail(i) {
			_, _ = w.Write([]byte(`{"errors":[{"message":"question is empty","extensions":{"code":"INVALID"}}],"data":null}`))
			return
		}
		time.Sleep(time.Millisecond)
		_, _ = w.Write([]byte(`{"data":{"ask":{"id":"ans-1","text":"ok","status":"ANSWERED"}}}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestLoad(t *testing.T) {
	qa := loadTestFile(t, "qa.jsonl", `{"question":"多少钱","channel":"tmall","as_of":"2025-11-01"}`+"\n"+`{"question":"运费","channel":null,"as_of":null}`+"\n")
	cases := []struct {
		name    string
		fail    func(int64) bool
		extra   []string
		wantErr string
		check   func(t *testing.T, rs []LoadResult)
	}{
		{name: "all answered", check: func(t *testing.T, rs []LoadResult) {
			if len(rs) != 2 || rs[0].Concurrency != 1 || rs[1].Concurrency != 4 {
				t.Fatalf("results = %+v, want concurrency 1 then 4", rs)
			}
			for _, r := range rs {
				if r.Requests == 0 || r.Errors != 0 || r.QPS <= 0 || r.Statuses["ANSWERED"] != r.Requests || r.P50MS <= 0 || r.P99MS < r.P50MS {
					t.Errorf("result %+v", r)
				}
			}
		}},
		{name: "graphql errors fail the run", fail: func(i int64) bool { return i%2 == 0 }, wantErr: "question is empty"},
		{name: "errors tolerated up to the rate", fail: func(i int64) bool { return i%2 == 0 }, extra: []string{"--max-error-rate", "0.9"},
			check: func(t *testing.T, rs []LoadResult) {
				for _, r := range rs {
					if r.Errors == 0 || r.Errors == r.Requests || !strings.Contains(r.FirstError, "question is empty") {
						t.Errorf("result %+v: want some errors with the GraphQL message", r)
					}
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := fakeGraphQL(t, tc.fail)
			out := filepath.Join(t.TempDir(), "load.json")
			args := append([]string{"load", "--url", srv.URL, "--concurrency", "1,4", "--duration", "300ms", "--warmup", "50ms",
				"--questions", qa, "--out", out}, tc.extra...)
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, env(map[string]string{"KGRAG_LOAD_KEY": "k1"}), &stdout, &stderr)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("load = %v, want error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("load: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), "| concurrency | requests |") {
				t.Errorf("no table:\n%s", stdout.String())
			}
			var rs []LoadResult
			b, _ := os.ReadFile(out)
			if err := json.Unmarshal(b, &rs); err != nil {
				t.Fatal(err)
			}
			tc.check(t, rs)
		})
	}
}

func TestLoadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"load", "--concurrency", "0"},
		{"load", "--concurrency", "8,x"},
		{"load", "--duration", "0s"},
		{"load", "extra"},
	} {
		err := run(context.Background(), args, env(nil), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	cases := []struct {
		p    float64
		want float64
	}{{0.5, 5}, {0.9, 9}, {0.99, 10}, {0, 1}}
	for _, tc := range cases {
		if got := loadQuantile(xs, tc.p); got != tc.want {
			t.Errorf("loadQuantile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := loadQuantile(nil, 0.5); got != 0 {
		t.Errorf("loadQuantile(nil) = %v", got)
	}
}

// TestLoadAgainstServe runs the load tool against a real kgrag serve with
// the demo knowledge base: the mutation it sends is the schema's.
func TestLoadAgainstServe(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuf
	done := make(chan error, 1)
	go func() {
		// A load run measures throughput: without the per-client rate limit.
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir(), "--demo", "--log-level", "warn"}, env(map[string]string{"KGRAG_RATE_LIMIT": "0"}), &logs, &logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if i > 200 {
			t.Fatalf("service never came up: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	qa := loadTestFile(t, "qa.jsonl", `{"question":"退货政策是什么？","channel":"tmall","as_of":"2025-11-01"}`+"\n"+`{"question":"你们家最贵的是哪款？"}`+"\n")
	// The first question loads the word segmenter's dictionary (seconds
	// under -race): ask it once before the clock runs.
	qs, err := readLoadQuestions(qa)
	if err != nil {
		t.Fatal(err)
	}
	bodies, err := loadBodies(qs)
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + addr + "/graphql"
	if _, err := loadAsk(context.Background(), &http.Client{Timeout: time.Minute}, loadConfig{URL: url}, bodies[0]); err != nil {
		t.Fatalf("first ask: %v", err)
	}
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"load", "--url", url, "--concurrency", "2", "--duration", "1s",
		"--warmup", "100ms", "--questions", qa, "--max-error-rate", "0"}, env(nil), &stdout, &stderr)
	if err != nil {
		t.Fatalf("load: %v\n%s\n%s", err, stdout.String(), logs.String())
	}
	t.Log(stdout.String())
}
