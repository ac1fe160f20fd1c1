package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"kgrag/retrieval/answer"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"kgrag/graph"
	"kgrag/graph/auth"
	"kgrag/retrieval/openaichat"
	"kgrag/service"
)

const askUsage = `Usage: kgrag ask [flags] QUESTION

Asks one question, for quick checks, and prints the answer with its status
and citations (--json: the whole answer with its trace, as GraphQL returns it).
It asks a data directory in-process (the embedded backends, or Neo4j and
Qdrant when KGRAG_NEO4J_URI / KGRAG_QDRANT_ADDR are set, and the LLM of
KGRAG_LLM_MODEL; stop kgrag serve first, it holds the data directory), or a
running server over its GraphQL API with --server (the key from
KGRAG_API_KEY). Either way the answer is stored like any other, with its
trace.

  kgrag ask --data ./data --kb lanji "水光精华多少钱？"
  kgrag ask --as-of 2025-10-01 --channel douyin "M2 Pro 保修几年？"
  KGRAG_API_KEY=... kgrag ask --server http://kgrag:8080 --json "能退吗？"

Flags:
`

// askQuery is the GraphQL request both modes send: the answer and, for
// --json, its whole trace (printed as is).
func askQuery(withTrace bool) string {
	q := `mutation Ask($input: AskInput!) {
  ask(input: $input) {
    id text status reason confidence intent sentiment language createdAt
    citations { marker kind id entityId version quote }`
	if withTrace {
		q += askTrace
	}
	return q + "\n  }\n}"
}

// askTrace selects every field of the trace.
const askTrace = `
    trace {
      id createdAt caller question normalizedQuestion language channel conversationId customerId asOf
      status reason answer intent sentiment confidence linkedEntities
      plan {
        operation parts group relations
        entities { id name score why }
        attributes { key score why }
        filters { attribute op value num unit why }
        rank { attribute desc why }
        terms { term weight covered }
      }
      evidence { marker kind id entityId version score text source entities }
      citations { marker kind id entityId version quote }
      promptVersion model prompt rawOutput fallback notes
      verification { sentence citations supported problem }
      latency { stage micros }
    }`

// maxAskResponse bounds what ask reads from a server.
const maxAskResponse = 16 << 20

type askAnswer struct {
	ID         string  `json:"id"`
	Text       string  `json:"text"`
	Status     string  `json:"status"`
	Reason     *string `json:"reason"`
	Confidence float64 `json:"confidence"`
	Citations  []struct {
		Marker, Kind, ID string
		EntityID         *string `json:"entityId"`
		Version          int     `json:"version"`
		Quote            string  `json:"quote"`
	} `json:"citations"`
}

func askCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, askUsage); fs.PrintDefaults() }
	commonFlags(fs, &cfg, getenv)
	server := fs.String("server", getenv("KGRAG_SERVER"), "ask a running kgrag at this URL (http://host:8080) over GraphQL, with the key in KGRAG_API_KEY (env KGRAG_SERVER)")
	kb := fs.String("kb", "", `knowledge base; empty: "default" (embedded), the key's (--server)`)
	asOf := fs.String("as-of", "", "answer with the knowledge valid at this date (2025-10-01) or instant (RFC 3339)")
	channel := fs.String("channel", "", "the sales channel asked on (tmall, douyin, web, …)")
	conversation := fs.String("conversation", "", "conversation id: follow-ups of the same conversation see the earlier turns")
	lang := fs.String("language", "", "zh or en; empty: detected")
	asJSON := fs.Bool("json", false, "print the whole answer with its trace as JSON")
	timeout := fs.Duration("timeout", 60*time.Second, "time limit of the question")
	words, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(words, " "))
	if question == "" {
		fs.Usage()
		return fmt.Errorf("ask: no question given: %w", errUsage)
	}
	input := map[string]any{"question": question}
	if *channel != "" {
		input["channel"] = *channel
	}
	if *conversation != "" {
		input["conversationId"] = *conversation
	}
	if *lang != "" {
		input["language"] = *lang
	}
	if *asOf != "" {
		t, err := parseAsOf(*asOf)
		if err != nil {
			return fmt.Errorf("--as-of %q: want 2025-10-01 or an RFC 3339 instant: %w", *asOf, errUsage)
		}
		input["asOf"] = t.Format(time.RFC3339Nano)
	}
	body, err := json.Marshal(map[string]any{"query": askQuery(*asJSON), "operationName": "Ask", "variables": map[string]any{"input": input}})
	if err != nil {
		return err
	}
	if m := getenv("KGRAG_LLM_MODEL"); m != "" {
		// In-process answers are written the way serve writes them.
		cfg.LLM = openaichat.Config{BaseURL: getenv("KGRAG_LLM_BASE_URL"), APIKey: getenv("KGRAG_LLM_API_KEY"), Model: m}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	var raw []byte
	if *server != "" {
		raw, err = askServer(ctx, *server, *kb, getenv("KGRAG_API_KEY"), body)
	} else {
		raw, err = askEmbedded(ctx, cfg, *kb, body, stderr)
	}
	if err != nil {
		return err
	}
	var resp struct {
		Data struct {
			Ask json.RawMessage `json:"ask"`
		} `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Path       []any          `json:"path"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return fmt.Errorf("ask: reading the answer: %v (%q)", err, clip(string(raw), 200))
	}
	var msgs []string
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		if len(e.Path) == 2 && e.Path[1] == "trace" && code == "FORBIDDEN" && len(resp.Data.Ask) > 0 {
			// Only admin keys may both ask and read traces: the answer
			// stands, without its trace.
			fmt.Fprintf(stderr, "kgrag ask: the answer's trace is not shown: %s\n", e.Message)
			continue
		}
		msgs = append(msgs, code+": "+e.Message)
	}
	if len(msgs) > 0 {
		return fmt.Errorf("ask: %s", strings.Join(msgs, "; "))
	}
	if *asJSON {
		var out bytes.Buffer
		if err := json.Indent(&out, resp.Data.Ask, "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err := stdout.Write(out.Bytes())
		return err
	}
	var a askAnswer
	if err := json.Unmarshal(resp.Data.Ask, &a); err != nil {
		return fmt.Errorf("ask: reading the answer: %w", err)
	}
	printAnswer(stdout, a)
	return nil
}

func printAnswer(w io.Writer, a askAnswer) {
	fmt.Fprintln(w, a.Text)
	fmt.Fprintln(w)
	status := a.Status
	if a.Reason != nil && *a.Reason != "" {
		status += " (" + *a.Reason + ")"
	}
	fmt.Fprintf(w, "status: %s  confidence: %.2f  answer: %s\n", status, a.Confidence, a.ID)
	for _, c := range a.Citations {
		ent := ""
		if c.EntityID != nil && *c.EntityID != c.ID {
			ent = " of " + *c.EntityID
		}
		fmt.Fprintf(w, "%s %s %s%s v%d: %s\n", c.Marker, c.Kind, c.ID, ent, c.Version, c.Quote)
	}
}

// parseAsOf reads a date (midnight UTC) or an RFC 3339 instant.
func parseAsOf(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// askServer posts the request to a running kgrag.
func askServer(ctx context.Context, server, kb, key string, body []byte) ([]byte, error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--server %q: want http://host:port: %w", server, errUsage)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/graphql"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key) // secret: from the environment only, never printed
	}
	if kb != "" {
		req.Header.Set("X-Kgrag-KB", kb)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ask %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAskResponse))
	if err != nil {
		return nil, fmt.Errorf("ask %s: %w", u.Redacted(), err)
	}
	if resp.StatusCode != http.StatusOK && !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		return nil, fmt.Errorf("ask %s: HTTP %d: %s", u.Redacted(), resp.StatusCode, clip(string(raw), 200))
	}
	return raw, nil
}

// askEmbedded runs the request through the same GraphQL handler kgrag
// serve runs, in-process over the data directory, as an admin (the
// operator who can read the data directory can do anything with it).
func askEmbedded(ctx context.Context, cfg Config, kb string, body []byte, stderr io.Writer) ([]byte, error) {
	if kb == "" {
		kb = "default"
	}
	cfg.LogLevel = "warn"
	log, err := newLogger(cfg, stderr)
	if err != nil {
		return nil, err
	}
	sc := cfg.service(log)
	sc.AskOnly = true // opens no ingest registry
	svc, err := service.New(ctx, sc)
	if err != nil {
		return nil, err
	}
	defer svc.Close()
	if err := svc.WaitReady(ctx, 30*time.Second); err != nil {
		return nil, fmt.Errorf("ask: graph store: %w", err)
	}
	// The dictionaries load once a process, before the question's time
	// limit starts (serve loads them at start too).
	answer.Warm()
	keys, _ := auth.ParseKeys("")
	h := graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.Nop(), Keys: keys, AuthOff: true, Ready: svc.Ready})
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Host = "127.0.0.1" // an in-process call: the dev-mode guard admits loopback hosts only
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Kgrag-KB", kb)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Body.Bytes(), nil
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
