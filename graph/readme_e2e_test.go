package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/yuin/goldmark"
	mdast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"kgrag/graph"
	"kgrag/graph/auth"
	"kgrag/ingest"
	"kgrag/service"
)

// readmeBlock is a fenced code block of the README.
type readmeBlock struct {
	lang, text string
	line       int
}

// readmeBlocks returns the README's fenced code blocks in order.
func readmeBlocks(t *testing.T, src []byte) []readmeBlock {
	t.Helper()
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var out []readmeBlock
	err := mdast.Walk(doc, func(n mdast.Node, entering bool) (mdast.WalkStatus, error) {
		fb, ok := n.(*mdast.FencedCodeBlock)
		if !entering || !ok {
			return mdast.WalkContinue, nil
		}
		var b strings.Builder
		lines := fb.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		line := 0
		if lines.Len() > 0 {
			line = bytes.Count(src[:lines.At(0).Start], []byte("\n")) + 1
		}
		out = append(out, readmeBlock{lang: string(fb.Language(src)), text: b.String(), line: line})
		return mdast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kbComment is how a README GraphQL example names its knowledge base
// (what the playground's headers pane sends).
var kbComment = regexp.MustCompile(`(?m)^#\s*X-Kgrag-KB:\s*(\S+)`)

// TestREADMEExamples runs the README's examples in the order it gives
// them, as a new user would, against an embedded server in dev mode: the
// demo (serve --demo), the GraphQL blocks operation by operation (with the
// knowledge base their "# X-Kgrag-KB:" line names), kgrag ingest commands
// (through the same ingester), curl commands and the API key
// configuration. No example may fail, and the worked example must leave
// the brand's knowledge as ingested.
func TestREADMEExamples(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeBlocks(t, src)
	svc, err := service.New(context.Background(), service.Config{DataDir: t.TempDir(), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard), AuthOff: true}))
	defer srv.Close()
	e := &env{t: t, srv: srv, svc: svc}
	ran := map[string]int{}
	for _, b := range blocks {
		switch b.lang {
		case "graphql":
			kb := ""
			if m := kbComment.FindStringSubmatch(b.text); m != nil {
				kb = m[1]
			}
			for _, op := range readmeOperations(t, b) {
				r := e.do("", kb, op, nil)
				if len(r.Errors) > 0 {
					t.Fatalf("README.md:%d: %s\n%s", b.line, r.Errors[0].Message, op)
				}
				ran["graphql"]++
			}
		case "sh":
			runShellExample(t, e, b, ran)
		}
	}
	t.Logf("README examples run: %v", ran)
	if ran["graphql"] < 10 || ran["ingest"] < 1 || ran["curl"] < 1 || ran["demo"] != 1 || ran["keys"] < 1 {
		t.Errorf("README examples run = %v; the README lost some, or this test no longer finds them", ran)
	}

	// The worked example (in its own knowledge base) left the brand's
	// product as ingested.
	var p struct {
		Version  int
		Channels []string
	}
	if r := e.do("", "lanji", `{ entity(id: "LJ-1001") { version channels } }`, nil); len(r.Errors) > 0 || json.Unmarshal(r.Data["entity"], &p) != nil {
		t.Fatalf("lanji LJ-1001: %+v", r.Errors)
	}
	if p.Version != 1 || len(p.Channels) != 5 {
		t.Errorf("lanji LJ-1001 after the README = %+v, want version 1 with its 5 channels", p)
	}
}

// readmeOperations splits a GraphQL example into its operations: the
// playground runs one at a time.
func readmeOperations(t *testing.T, b readmeBlock) []string {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: b.text})
	if err != nil {
		t.Fatalf("README.md:%d: example does not parse: %v", b.line, err)
	}
	// Positions count runes.
	runes := []rune(b.text)
	var out []string
	for i, op := range doc.Operations {
		end := len(runes)
		if i+1 < len(doc.Operations) {
			end = doc.Operations[i+1].Position.Start
		}
		out = append(out, string(runes[op.Position.Start:end]))
	}
	return out
}

// runShellExample runs what a shell example does that concerns the API.
// Commands that start servers, run the test suite or point at external
// backends are left out.
func runShellExample(t *testing.T, e *env, b readmeBlock, ran map[string]int) {
	t.Helper()
	f, err := syntax.NewParser().Parse(strings.NewReader(b.text), "README.md")
	if err != nil {
		t.Fatalf("README.md:%d: %v", b.line, err)
	}
	ctx := context.Background()
	for _, st := range f.Stmts {
		switch cmd := st.Cmd.(type) {
		case *syntax.DeclClause:
			for _, a := range cmd.Args {
				if a.Name == nil || a.Name.Value != "KGRAG_API_KEYS" {
					continue
				}
				v, err := expand.Literal(nil, a.Value)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := auth.ParseKeys(v); err != nil {
					t.Errorf("README.md:%d: KGRAG_API_KEYS: %v", b.line, err)
				}
				ran["keys"]++
			}
		case *syntax.CallExpr:
			args, err := expand.Fields(nil, cmd.Args...)
			if err != nil || len(args) == 0 {
				continue
			}
			line := int(st.Pos().Line()) + b.line - 1
			switch {
			case len(args) >= 4 && strings.Join(args[:3], " ") == "go run ./cmd/kgrag" && args[3] == "serve":
				if strings.Contains(strings.Join(args, " "), "--demo") {
					if _, err := e.svc.LoadDemo(ctx); err != nil && !errors.Is(err, service.ErrNotEmpty) {
						t.Fatalf("README.md:%d: demo: %v", line, err)
					}
					ran["demo"]++
				}
			case len(args) >= 4 && strings.Join(args[:3], " ") == "go run ./cmd/kgrag" && args[3] == "ingest":
				readmeIngest(t, e, line, args[4:])
				ran["ingest"]++
			case args[0] == "curl":
				readmeCurl(t, e, line, args[1:])
				ran["curl"]++
			}
		}
	}
}

// readmeIngest does what `kgrag ingest --kb KB PATH…` does, through the
// service's ingester; paths are relative to the repository root.
func readmeIngest(t *testing.T, e *env, line int, args []string) {
	t.Helper()
	kb := "default"
	var paths []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--kb" && i+1 < len(args):
			kb = args[i+1]
			i++
		case strings.HasPrefix(args[i], "-"):
			t.Fatalf("README.md:%d: ingest flag %s: teach this test about it", line, args[i])
		default:
			p := filepath.Join("..", args[i])
			if _, err := os.Stat(p); err != nil {
				t.Skipf("README.md:%d: %s not found beside the repository; the README's examples need it", line, args[i])
			}
			paths = append(paths, p)
		}
	}
	ctx := context.Background()
	col, err := e.svc.Ingester.Collect(ctx, kb, paths)
	if err != nil {
		t.Fatalf("README.md:%d: %v", line, err)
	}
	rep, err := e.svc.Ingester.Ingest(ctx, kb, col.Inputs, ingest.RunOptions{Actor: "cli"})
	if err != nil || rep.Err() != nil {
		t.Fatalf("README.md:%d: ingest: %v, %v", line, err, rep.Err())
	}
}

// readmeCurl sends what a curl example sends (-H and -d) to the test server.
func readmeCurl(t *testing.T, e *env, line int, args []string) {
	t.Helper()
	var url, body string
	hdr := http.Header{}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-H" && i+1 < len(args):
			k, v, _ := strings.Cut(args[i+1], ":")
			hdr.Set(strings.TrimSpace(k), strings.TrimSpace(v))
			i++
		case (a == "-d" || a == "--data") && i+1 < len(args):
			body = args[i+1]
			i++
		case strings.HasPrefix(a, "http://"):
			url = a
		}
	}
	path := url[strings.Index(url[len("http://"):], "/")+len("http://"):]
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = hdr
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out gqlResponse
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		t.Fatalf("README.md:%d: curl: %d %s", line, resp.StatusCode, raw)
	}
}
