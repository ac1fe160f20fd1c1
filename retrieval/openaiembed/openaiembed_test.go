package openaiembed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kgrag/retrieval"
)

// fakeServer speaks the OpenAI embeddings wire format. respond decides each
// request by its 1-based number; nil means success.
type fakeServer struct {
	t       *testing.T
	dim     int
	calls   atomic.Int32
	mu      sync.Mutex
	reqs    []embReq
	auth    []string
	respond func(n int, w http.ResponseWriter) bool // true: handled
	reverse bool                                    // return data in reverse order
}

type embReq struct {
	Input      []string `json:"input"`
	Model      string   `json:"model"`
	Dimensions int      `json:"dimensions"`
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.calls.Add(1))
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	var req embReq
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.mu.Unlock()
	if f.respond != nil && f.respond(n, w) {
		return
	}
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	var data []item
	for i, s := range req.Input {
		data = append(data, item{"embedding", i, fakeVec(s, f.dim)})
	}
	if f.reverse {
		for i, j := 0, len(data)-1; i < j; i, j = i+1, j-1 {
			data[i], data[j] = data[j], data[i]
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": len(req.Input), "total_tokens": len(req.Input)},
	})
}

// fakeVec is an unnormalised vector that identifies its text.
func fakeVec(s string, dim int) []float32 {
	v := make([]float32, dim)
	v[len(s)%dim] = 3
	v[0] += 4
	return v
}

func apiError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"error":{"message":%q,"type":"server_error","param":null,"code":null}}`, msg)
}

func newFake(t *testing.T, dim int) (*fakeServer, *httptest.Server) {
	f := &fakeServer{t: t, dim: dim}
	s := httptest.NewServer(f)
	t.Cleanup(s.Close)
	return f, s
}

func newEmbedder(t *testing.T, url string, cfg Config) *Embedder {
	t.Helper()
	cfg.BaseURL = url + "/v1"
	if cfg.Model == "" {
		cfg.Model = "text-embedding-3-small"
	}
	if cfg.Dim == 0 {
		cfg.Dim = 8
	}
	if cfg.BaseBackoff == 0 {
		cfg.BaseBackoff = time.Millisecond
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	return e
}

func TestEmbedBatchesAndOrder(t *testing.T) {
	f, s := newFake(t, 8)
	f.reverse = true
	e := newEmbedder(t, s.URL, Config{APIKey: "sk-test", BatchSize: 2, SendDimensions: true, Concurrency: 2})
	texts := []string{"a", "bb", "", "ccc", "dddd", "  "}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatalf("Embed = %v", err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("Embed returned %d vectors for %d texts", len(vecs), len(texts))
	}
	for i, txt := range texts {
		v := vecs[i]
		if len(v) != 8 {
			t.Fatalf("vector %d has %d dims, want 8", i, len(v))
		}
		if strings.TrimSpace(txt) == "" {
			for _, x := range v {
				if x != 0 {
					t.Errorf("vector for blank text %d = %v, want zero", i, v)
					break
				}
			}
			continue
		}
		want := fakeVec(txt, 8)
		var n float64
		for _, x := range want {
			n += float64(x * x)
		}
		for j := range v {
			if math.Abs(float64(v[j])-float64(want[j])/math.Sqrt(n)) > 1e-6 {
				t.Errorf("vector %d (%q) = %v, want normalised %v", i, txt, v, want)
				break
			}
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) != 2 {
		t.Errorf("%d requests, want 2 (4 non-blank texts, batches of 2)", len(f.reqs))
	}
	for i, r := range f.reqs {
		if r.Model != "text-embedding-3-small" || r.Dimensions != 8 || len(r.Input) != 2 {
			t.Errorf("request %d = %+v, want model, dimensions 8 and 2 inputs", i, r)
		}
		if f.auth[i] != "Bearer sk-test" {
			t.Errorf("request %d Authorization = %q", i, f.auth[i])
		}
	}
	if e.Dim() != 8 || !strings.Contains(e.Name(), "text-embedding-3-small") {
		t.Errorf("Dim, Name = %d, %q", e.Dim(), e.Name())
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		respond   func(n int, w http.ResponseWriter) bool
		cfg       Config
		wantErr   error  // nil: success
		wantText  string // in the error
		wantCalls int
		minTime   time.Duration
	}{
		{
			name: "429 then success honours retry-after-ms",
			respond: func(n int, w http.ResponseWriter) bool {
				if n == 1 {
					w.Header().Set("Retry-After-Ms", "150")
					apiError(w, http.StatusTooManyRequests, "Rate limit reached")
					return true
				}
				return false
			},
			wantCalls: 2, minTime: 150 * time.Millisecond,
		},
		{
			name: "503 then success honours Retry-After seconds",
			respond: func(n int, w http.ResponseWriter) bool {
				if n == 1 {
					w.Header().Set("Retry-After", "1")
					apiError(w, http.StatusServiceUnavailable, "overloaded")
					return true
				}
				return false
			},
			wantCalls: 2, minTime: time.Second,
		},
		{
			name: "500 storm exhausts retries",
			respond: func(n int, w http.ResponseWriter) bool {
				apiError(w, http.StatusInternalServerError, "boom")
				return true
			},
			cfg:     Config{MaxRetries: 3},
			wantErr: retrieval.ErrUnavailable, wantText: "giving up after 4 attempts", wantCalls: 4,
		},
		{
			name: "502 with an HTML body is retried",
			respond: func(n int, w http.ResponseWriter) bool {
				if n <= 2 {
					w.WriteHeader(http.StatusBadGateway)
					w.Write([]byte("<html>bad gateway</html>"))
					return true
				}
				return false
			},
			wantCalls: 3,
		},
		{
			name: "timeout is retried",
			respond: func(n int, w http.ResponseWriter) bool {
				if n == 1 {
					time.Sleep(300 * time.Millisecond)
				}
				return false
			},
			cfg:       Config{Timeout: 100 * time.Millisecond},
			wantCalls: 2,
		},
		{
			name: "malformed JSON is final",
			respond: func(n int, w http.ResponseWriter) bool {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"object":"list","data":[{"embedding":[0.1,`))
				return true
			},
			wantText: "texts 0-0", wantCalls: 1,
		},
		{
			name: "wrong dimension is final",
			respond: func(n int, w http.ResponseWriter) bool {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1,2,3]}],"model":"m"}`))
				return true
			},
			wantErr: ErrDimension, wantText: "returned 3 dimensions, configured 8", wantCalls: 1,
		},
		{
			name: "too few embeddings is final",
			respond: func(n int, w http.ResponseWriter) bool {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"object":"list","data":[],"model":"m"}`))
				return true
			},
			wantText: "0 embeddings for 1 texts", wantCalls: 1,
		},
		{
			name: "400 is final",
			respond: func(n int, w http.ResponseWriter) bool {
				apiError(w, http.StatusBadRequest, "input too long")
				return true
			},
			wantText: "input too long", wantCalls: 1,
		},
		{
			name: "401 is final",
			respond: func(n int, w http.ResponseWriter) bool {
				apiError(w, http.StatusUnauthorized, "Incorrect API key provided")
				return true
			},
			wantText: "Incorrect API key", wantCalls: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, s := newFake(t, 8)
			f.respond = tc.respond
			e := newEmbedder(t, s.URL, tc.cfg)
			start := time.Now()
			vecs, err := e.Embed(context.Background(), []string{"hello"})
			took := time.Since(start)
			wantOK := tc.wantErr == nil && tc.wantText == ""
			switch {
			case wantOK && err != nil:
				t.Fatalf("Embed = %v, want success", err)
			case wantOK && len(vecs) != 1:
				t.Fatalf("Embed = %d vectors, want 1", len(vecs))
			case !wantOK && err == nil:
				t.Fatalf("Embed succeeded, want an error")
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Errorf("Embed = %v, want errors.Is %v", err, tc.wantErr)
			case tc.wantText != "" && !strings.Contains(err.Error(), tc.wantText):
				t.Errorf("Embed = %v, want it to mention %q", err, tc.wantText)
			}
			if got := int(f.calls.Load()); got != tc.wantCalls {
				t.Errorf("%d requests, want %d", got, tc.wantCalls)
			}
			if took < tc.minTime {
				t.Errorf("took %v, want at least %v (the server's retry delay)", took, tc.minTime)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	_, s := newFake(t, 8)
	e := newEmbedder(t, s.URL, Config{BatchSize: 1, RequestsPerSecond: 20, Burst: 1})
	start := time.Now()
	if _, err := e.Embed(context.Background(), []string{"a", "b", "c", "d", "e"}); err != nil {
		t.Fatal(err)
	}
	// 5 requests at 20/s with a burst of 1: at least 4 intervals of 50ms.
	if took := time.Since(start); took < 190*time.Millisecond {
		t.Errorf("5 requests took %v, want ≥ 200ms at 20 requests/s", took)
	}
}

func TestCanceled(t *testing.T) {
	f, s := newFake(t, 8)
	f.respond = func(n int, w http.ResponseWriter) bool {
		apiError(w, http.StatusTooManyRequests, "slow down")
		return true
	}
	e := newEmbedder(t, s.URL, Config{BaseBackoff: time.Hour, MaxBackoff: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := e.Embed(ctx, []string{"x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Embed with a deadline during backoff = %v, want DeadlineExceeded", err)
	}
}

func TestConnectionRefusedIsRetried(t *testing.T) {
	s := httptest.NewServer(http.NotFoundHandler())
	url := s.URL
	s.Close() // nothing listens there any more
	e := newEmbedder(t, url, Config{MaxRetries: 2})
	_, err := e.Embed(context.Background(), []string{"x"})
	if !errors.Is(err, retrieval.ErrUnavailable) || !strings.Contains(err.Error(), "3 attempts") {
		t.Errorf("Embed against a closed port = %v, want ErrUnavailable after 3 attempts", err)
	}
}

func TestNewValidates(t *testing.T) {
	for _, cfg := range []Config{{Dim: 8}, {Model: "m"}, {Model: "m", Dim: -1}} {
		if _, err := New(cfg); !errors.Is(err, retrieval.ErrInvalid) {
			t.Errorf("New(%+v) = %v, want ErrInvalid", cfg, err)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		h    http.Header
		want time.Duration
	}{
		{http.Header{}, 0},
		{http.Header{"Retry-After": {"2"}}, 2 * time.Second},
		{http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond},
		{http.Header{"Retry-After": {now.Add(3 * time.Second).Format(http.TimeFormat)}}, 3 * time.Second},
		{http.Header{"Retry-After-Ms": {"20"}, "Retry-After": {"1"}}, 20 * time.Millisecond},
		{http.Header{"Retry-After": {"soon"}}, 0},
	}
	for _, tc := range tests {
		if got := retryAfter(tc.h, now); got != tc.want {
			t.Errorf("retryAfter(%v) = %v, want %v", tc.h, got, tc.want)
		}
	}
}
