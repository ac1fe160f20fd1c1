// Package openaiembed is the retrieval.Embedder for any OpenAI-compatible
// embeddings endpoint (OpenAI, Azure-style proxies, DeepSeek, Qwen, vLLM,
// Ollama) through github.com/sashabaranov/go-openai. It batches texts,
// limits its request rate, bounds each request with a timeout, and retries
// rate limits (429), server errors (5xx), timeouts and network errors with
// exponential backoff, honouring Retry-After.
package openaiembed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"golang.org/x/time/rate"

	"kgrag/retrieval"
)

// ErrDimension reports an endpoint that returned vectors of another
// dimension than configured: the model or its settings do not match.
var ErrDimension = errors.New("openaiembed: embedding dimension mismatch")

// Config configures an Embedder. Model and Dim are required.
type Config struct {
	BaseURL string // default https://api.openai.com/v1
	APIKey  string // may be empty for local servers
	Model   string // e.g. text-embedding-3-small
	Dim     int    // the vector dimension the index is built for
	// SendDimensions asks the endpoint for Dim dimensions (the
	// "dimensions" parameter of text-embedding-3 models); leave it off for
	// models that reject it.
	SendDimensions bool

	BatchSize   int           // texts per request; default 64
	Concurrency int           // requests in flight per Embed call; default 1
	Timeout     time.Duration // per request; default 30s
	MaxRetries  int           // after the first attempt; default 4; negative: none
	BaseBackoff time.Duration // first retry delay, doubled each time, with jitter; default 500ms
	MaxBackoff  time.Duration // cap on one delay, Retry-After included; default 30s

	RequestsPerSecond float64 // client-side rate limit; 0: none
	Burst             int     // default 1

	HTTPClient *http.Client // default: a client without its own timeout
}

// Embedder calls an OpenAI-compatible embeddings endpoint. Safe for
// concurrent use.
type Embedder struct {
	c       *openai.Client
	cfg     Config
	limiter *rate.Limiter
}

var _ retrieval.Embedder = (*Embedder)(nil)

// New returns an Embedder; it does not contact the endpoint.
func New(cfg Config) (*Embedder, error) {
	if cfg.Model == "" {
		return nil, fmt.Errorf("openaiembed: missing model: %w", retrieval.ErrInvalid)
	}
	if cfg.Dim <= 0 || cfg.Dim > 1<<16 {
		return nil, fmt.Errorf("openaiembed: dimension %d out of range: %w", cfg.Dim, retrieval.ErrInvalid)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 64
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 1
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 4
	} else if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.Burst <= 0 {
		cfg.Burst = 1
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	oc.HTTPClient = hintDoer{hc}
	e := &Embedder{c: openai.NewClientWithConfig(oc), cfg: cfg}
	if cfg.RequestsPerSecond > 0 {
		e.limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), cfg.Burst)
	}
	return e, nil
}

// Dim implements retrieval.Embedder.
func (e *Embedder) Dim() int { return e.cfg.Dim }

// Name implements retrieval.Embedder.
func (e *Embedder) Name() string { return fmt.Sprintf("openai:%s:d%d", e.cfg.Model, e.cfg.Dim) }

// Embed implements retrieval.Embedder. Empty (or blank) texts get the zero
// vector without a request, since endpoints reject empty input.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	type batch struct{ idx []int }
	var batches []batch
	var cur batch
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			out[i] = make([]float32, e.cfg.Dim)
			continue
		}
		cur.idx = append(cur.idx, i)
		if len(cur.idx) == e.cfg.BatchSize {
			batches = append(batches, cur)
			cur = batch{}
		}
	}
	if len(cur.idx) > 0 {
		batches = append(batches, cur)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		sem      = make(chan struct{}, e.cfg.Concurrency)
	)
	for _, b := range batches {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			in := make([]string, len(b.idx))
			for j, i := range b.idx {
				in[j] = texts[i]
			}
			vecs, err := e.embedBatch(ctx, in)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("openaiembed: texts %d-%d: %w", b.idx[0], b.idx[len(b.idx)-1], err)
					cancel()
				}
				return
			}
			for j, i := range b.idx {
				out[i] = vecs[j]
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("openaiembed: %w", err)
	}
	return out, nil
}

// embedBatch sends one request, retrying what may succeed later.
func (e *Embedder) embedBatch(ctx context.Context, in []string) ([][]float32, error) {
	var lastErr error
	for attempt := 0; ; attempt++ {
		if e.limiter != nil {
			if err := e.limiter.Wait(ctx); err != nil {
				return nil, fmt.Errorf("rate limit wait: %w", err)
			}
		}
		hint := &retryHint{}
		vecs, err := e.once(ctx, in, hint)
		if err == nil {
			return vecs, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !retryable(err) {
			return nil, err
		}
		lastErr = err
		if attempt >= e.cfg.MaxRetries {
			return nil, fmt.Errorf("giving up after %d attempts: %w: %w", attempt+1, lastErr, retrieval.ErrUnavailable)
		}
		wait := e.backoff(attempt, hint.after())
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

func (e *Embedder) once(ctx context.Context, in []string, hint *retryHint) ([][]float32, error) {
	rctx, cancel := context.WithTimeout(context.WithValue(ctx, hintKey{}, hint), e.cfg.Timeout)
	defer cancel()
	req := openai.EmbeddingRequestStrings{Input: in, Model: openai.EmbeddingModel(e.cfg.Model)}
	if e.cfg.SendDimensions {
		req.Dimensions = e.cfg.Dim
	}
	res, err := e.c.CreateEmbeddings(rctx, req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, timeoutError{e.cfg.Timeout}
		}
		return nil, err
	}
	if len(res.Data) != len(in) {
		return nil, fmt.Errorf("endpoint returned %d embeddings for %d texts", len(res.Data), len(in))
	}
	out := make([][]float32, len(in))
	for _, d := range res.Data {
		if d.Index < 0 || d.Index >= len(in) || out[d.Index] != nil {
			return nil, fmt.Errorf("endpoint returned a bad or repeated index %d", d.Index)
		}
		if len(d.Embedding) != e.cfg.Dim {
			return nil, fmt.Errorf("model %s returned %d dimensions, configured %d: %w", e.cfg.Model, len(d.Embedding), e.cfg.Dim, ErrDimension)
		}
		v, err := normalize(d.Embedding)
		if err != nil {
			return nil, err
		}
		out[d.Index] = v
	}
	return out, nil
}

func normalize(v []float32) ([]float32, error) {
	var s float64
	for _, f := range v {
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return nil, errors.New("endpoint returned a non-finite value")
		}
		s += float64(f) * float64(f)
	}
	if s == 0 {
		return v, nil
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
	return v, nil
}

type timeoutError struct{ d time.Duration }

func (t timeoutError) Error() string { return fmt.Sprintf("request timed out after %v", t.d) }

// retryable reports whether another attempt may succeed: rate limits,
// server errors, timeouts and network failures. Client errors (400, 401,
// 404, …), malformed responses and dimension mismatches are final.
func retryable(err error) bool {
	var te timeoutError
	if errors.As(err, &te) {
		return true
	}
	var ae *openai.APIError
	if errors.As(err, &ae) {
		return retryableStatus(ae.HTTPStatusCode)
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		return retryableStatus(re.HTTPStatusCode)
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, errConn)
}

func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500
}

// backoff is the delay before retry attempt+1: the server's Retry-After
// when it gave one, else exponential with full jitter; capped at MaxBackoff.
func (e *Embedder) backoff(attempt int, after time.Duration) time.Duration {
	if after > 0 {
		return min(after, e.cfg.MaxBackoff)
	}
	d := e.cfg.BaseBackoff << min(attempt, 20)
	d = min(d, e.cfg.MaxBackoff)
	return d/2 + rand.N(d/2+1)
}

// errConn marks transport failures (connection refused or reset) that the
// doer saw; they are worth a retry.
var errConn = errors.New("connection failed")

// retryHint carries the Retry-After of a response from the HTTP layer,
// which go-openai does not expose, back to the retry loop.
type retryHint struct {
	mu sync.Mutex
	d  time.Duration
}

func (h *retryHint) set(d time.Duration) { h.mu.Lock(); h.d = d; h.mu.Unlock() }
func (h *retryHint) after() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.d
}

type hintKey struct{}

// hintDoer is the go-openai HTTPDoer: it records Retry-After headers.
type hintDoer struct{ c *http.Client }

func (d hintDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req)
	if err != nil {
		if req.Context().Err() == nil {
			return nil, fmt.Errorf("%w: %w", errConn, err)
		}
		return nil, err
	}
	if h, ok := req.Context().Value(hintKey{}).(*retryHint); ok {
		if d := retryAfter(resp.Header, time.Now()); d > 0 {
			h.set(d)
		}
	}
	return resp, nil
}

// retryAfter reads retry-after-ms (OpenAI) or Retry-After (seconds or an
// HTTP date).
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now)
	}
	return 0
}
