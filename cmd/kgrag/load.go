package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const loadUsage = `Usage: kgrag load [flags]

Load-tests GraphQL ask: each of --concurrency workers sends the mutation
  ask(input: {question, channel, asOf}) { id text status }
back to back for --duration (after --warmup), cycling through the questions
of --questions (JSON Lines with "question" and optional "channel" and
"as_of", like ../shared/eval/dev/qa.jsonl; or one question a line), and
prints a Markdown table: requests, errors, QPS, p50, p90, p99 and the
answer statuses. Several concurrencies run one after the other:

  kgrag load --url http://127.0.0.1:8080/graphql --concurrency 8,32 --duration 20s --questions ../shared/eval/dev/qa.jsonl

The key (--key or KGRAG_LOAD_KEY) is sent as a bearer token; --kb selects
the knowledge base of a key scoped to several (header X-Kgrag-KB).

Flags:
`

// loadConfig is the configuration of kgrag load.
type loadConfig struct {
	URL          string
	Concurrency  []int
	Duration     time.Duration
	Warmup       time.Duration
	Questions    string
	Key          string
	KB           string
	Timeout      time.Duration
	Out          string // JSON results
	MaxErrorRate float64
}

// loadQuestion is one request's input.
type loadQuestion struct {
	Question string  `json:"question"`
	Channel  *string `json:"channel,omitempty"`
	AsOf     *string `json:"as_of,omitempty"`
}

// LoadResult is the outcome of one run at one concurrency.
type LoadResult struct {
	Concurrency int            `json:"concurrency"`
	Seconds     float64        `json:"seconds"`
	Requests    int            `json:"requests"`
	Errors      int            `json:"errors"`
	QPS         float64        `json:"qps"` // successful requests per second
	P50MS       float64        `json:"p50_ms"`
	P90MS       float64        `json:"p90_ms"`
	P99MS       float64        `json:"p99_ms"`
	MaxMS       float64        `json:"max_ms"`
	Statuses    map[string]int `json:"statuses"`
	FirstError  string         `json:"first_error,omitempty"`
}

func loadCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c loadConfig
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, loadUsage); fs.PrintDefaults() }
	fs.StringVar(&c.URL, "url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint")
	conc := fs.String("concurrency", "8,32", "concurrent workers; a comma-separated list runs each in turn")
	fs.DurationVar(&c.Duration, "duration", 20*time.Second, "measured time of each run")
	fs.DurationVar(&c.Warmup, "warmup", 2*time.Second, "unmeasured time before each run")
	fs.StringVar(&c.Questions, "questions", "../shared/eval/dev/qa.jsonl", "questions: JSON Lines (question, channel, as_of) or one a line")
	fs.StringVar(&c.Key, "key", getenv("KGRAG_LOAD_KEY"), "API key (env KGRAG_LOAD_KEY); empty: none (a loopback server without keys)")
	fs.StringVar(&c.KB, "kb", "", "knowledge base (X-Kgrag-KB); empty: the key's")
	fs.DurationVar(&c.Timeout, "timeout", 30*time.Second, "time limit of one request")
	fs.StringVar(&c.Out, "out", "", "also write the results as JSON here")
	fs.Float64Var(&c.MaxErrorRate, "max-error-rate", 0.01, "fail when more than this share of requests fail")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: %w", fs.Args(), errUsage)
	}
	for _, s := range strings.Split(*conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 4096 {
			return fmt.Errorf("--concurrency %q: want numbers 1..4096 separated by commas: %w", *conc, errUsage)
		}
		c.Concurrency = append(c.Concurrency, n)
	}
	if c.Duration <= 0 || c.Warmup < 0 || c.Timeout <= 0 {
		return fmt.Errorf("--duration and --timeout must be positive, --warmup not negative: %w", errUsage)
	}
	qs, err := readLoadQuestions(c.Questions)
	if err != nil {
		return err
	}
	results, err := runLoad(ctx, c, qs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d questions, %s per run after %s warm-up, client on %d CPUs\n\n", c.URL, len(qs), c.Duration, c.Warmup, runtime.NumCPU())
	fmt.Fprint(stdout, loadTable(results))
	if c.Out != "" {
		b, err := json.MarshalIndent(results, "", "  ")
		if err != nil {
			return fmt.Errorf("load: results: %w", err)
		}
		if err := os.WriteFile(c.Out, b, 0o644); err != nil {
			return fmt.Errorf("load: %w", err)
		}
	}
	for _, r := range results {
		if r.Requests == 0 {
			return fmt.Errorf("load: concurrency %d: no request completed", r.Concurrency)
		}
		if rate := float64(r.Errors) / float64(r.Requests); rate > c.MaxErrorRate {
			return fmt.Errorf("load: concurrency %d: %d of %d requests failed (first: %s)", r.Concurrency, r.Errors, r.Requests, r.FirstError)
		}
	}
	return nil
}

// readLoadQuestions reads JSON Lines with a "question" field, or plain
// lines of text.
func readLoadQuestions(path string) ([]loadQuestion, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load: questions: %w", err)
	}
	defer f.Close()
	var qs []loadQuestion
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		q := loadQuestion{Question: line}
		if strings.HasPrefix(line, "{") {
			q = loadQuestion{}
			if err := json.Unmarshal([]byte(line), &q); err != nil {
				return nil, fmt.Errorf("load: %s:%d: %v", path, n, err)
			}
		}
		if strings.TrimSpace(q.Question) == "" {
			return nil, fmt.Errorf("load: %s:%d: no question", path, n)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("load: %s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("load: %s: no questions", path)
	}
	return qs, nil
}

const loadMutation = `mutation Ask($input: AskInput!) { ask(input: $input) { id text status } }`

// loadBodies renders each question's request body once.
func loadBodies(qs []loadQuestion) ([][]byte, error) {
	out := make([][]byte, len(qs))
	for i, q := range qs {
		in := map[string]any{"question": q.Question}
		if q.Channel != nil && *q.Channel != "" {
			in["channel"] = *q.Channel
		}
		if q.AsOf != nil && *q.AsOf != "" {
			t, err := time.Parse(time.DateOnly, *q.AsOf)
			if err != nil {
				return nil, fmt.Errorf("load: question %d: as_of %q: want YYYY-MM-DD", i+1, *q.AsOf)
			}
			in["asOf"] = t.Format(time.RFC3339)
		}
		b, err := json.Marshal(map[string]any{"query": loadMutation, "variables": map[string]any{"input": in}})
		if err != nil {
			return nil, fmt.Errorf("load: %w", err)
		}
		out[i] = b
	}
	return out, nil
}

// runLoad runs one load test per concurrency.
func runLoad(ctx context.Context, c loadConfig, qs []loadQuestion) ([]LoadResult, error) {
	bodies, err := loadBodies(qs)
	if err != nil {
		return nil, err
	}
	var out []LoadResult
	for _, n := range c.Concurrency {
		client := &http.Client{Timeout: c.Timeout, Transport: &http.Transport{
			MaxIdleConns: n, MaxIdleConnsPerHost: n, IdleConnTimeout: 90 * time.Second,
		}}
		r := loadOnce(ctx, client, c, n, bodies)
		client.CloseIdleConnections()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// loadSample is one request's outcome.
type loadSample struct {
	took   time.Duration
	status string
	err    error
}

// loadOnce runs n workers for the warm-up and the measured duration; only
// requests started and finished inside the measured window count.
func loadOnce(ctx context.Context, client *http.Client, c loadConfig, n int, bodies [][]byte) LoadResult {
	var next atomic.Uint64
	start := time.Now()
	measureFrom := start.Add(c.Warmup)
	stop := measureFrom.Add(c.Duration)
	ctx, cancel := context.WithDeadline(ctx, stop)
	defer cancel()
	per := make([][]loadSample, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				t0 := time.Now()
				status, err := loadAsk(ctx, client, c, bodies[i%uint64(len(bodies))])
				t1 := time.Now()
				if t0.Before(measureFrom) || t1.After(stop) {
					continue // warm-up, or cut off by the end of the run
				}
				per[w] = append(per[w], loadSample{took: t1.Sub(t0), status: status, err: err})
			}
		})
	}
	wg.Wait()
	secs := c.Duration.Seconds()
	r := LoadResult{Concurrency: n, Seconds: secs, Statuses: map[string]int{}}
	var lat []float64
	for _, ss := range per {
		for _, s := range ss {
			r.Requests++
			if s.err != nil {
				r.Errors++
				if r.FirstError == "" {
					r.FirstError = s.err.Error()
				}
				continue
			}
			r.Statuses[s.status]++
			lat = append(lat, float64(s.took.Microseconds())/1000)
		}
	}
	slices.Sort(lat)
	r.QPS = float64(int(float64(len(lat))/secs*10+0.5)) / 10
	r.P50MS, r.P90MS, r.P99MS = loadQuantile(lat, 0.50), loadQuantile(lat, 0.90), loadQuantile(lat, 0.99)
	if len(lat) > 0 {
		r.MaxMS = lat[len(lat)-1]
	}
	return r
}

// loadQuantile is the quantile of sorted values by the nearest-rank method, in 0.1 ms.
func loadQuantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(int(sorted[i]*10+0.5)) / 10
}

// loadAsk sends one ask and returns the answer's status; a transport
// error, a non-200 response and a GraphQL error are errors.
func loadAsk(ctx context.Context, client *http.Client, c loadConfig, body []byte) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Key != "" {
		req.Header.Set("Authorization", "Bearer "+c.Key)
	}
	if c.KB != "" {
		req.Header.Set("X-Kgrag-KB", c.KB)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("HTTP %d: %s", resp.StatusCode, evalClip(string(b), 200))
	}
	var gr struct {
		Data *struct {
			Ask *struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"ask"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &gr); err != nil {
		return "", fmt.Errorf("response: %v", err)
	}
	if len(gr.Errors) > 0 {
		return "", fmt.Errorf("graphql: %s", gr.Errors[0].Message)
	}
	if gr.Data == nil || gr.Data.Ask == nil || gr.Data.Ask.ID == "" {
		return "", fmt.Errorf("response has no ask answer: %s", evalClip(string(b), 200))
	}
	return gr.Data.Ask.Status, nil
}

// loadTable renders results as a Markdown table.
func loadTable(rs []LoadResult) string {
	var b strings.Builder
	b.WriteString("| concurrency | requests | errors | QPS | p50 ms | p90 ms | p99 ms | max ms | statuses |\n")
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range rs {
		var st []string
		for k, v := range r.Statuses {
			st = append(st, fmt.Sprintf("%s %d", k, v))
		}
		slices.Sort(st)
		fmt.Fprintf(&b, "| %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |\n", r.Concurrency, r.Requests, r.Errors, r.QPS,
			r.P50MS, r.P90MS, r.P99MS, r.MaxMS, strings.Join(st, ", "))
	}
	return b.String()
}
