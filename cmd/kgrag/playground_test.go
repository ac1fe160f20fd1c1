package main

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds Chromium. Without it the browser test is skipped with
// a message, except under the test command (KGRAG_TEST_REQUIRE_SERVERS=1;
// scripts/test.sh installs Debian's chromium package), where it fails.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium on PATH: install it (apt-get install chromium) to run the playground's browser test; scripts/test.sh installs it"
	if os.Getenv("KGRAG_TEST_REQUIRE_SERVERS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// serveDemo runs kgrag serve --demo on a free loopback port with the
// environment given and returns its base URL once it is ready.
func serveDemo(t *testing.T, environ map[string]string) string {
	t.Helper()
	addr := freeAddr(t)
	// The first answer waits for the word segmenter's dictionary, which
	// loads slowly under -race on a busy machine: more than the default 30 s.
	environ = maps.Clone(environ)
	if environ == nil {
		environ = map[string]string{}
	}
	environ["KGRAG_REQUEST_TIMEOUT"] = pollWait.String()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuf
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir(), "--demo", "--log-level", "warn"}, env(environ), &logs, &logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	base := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if i > 400 {
			t.Fatalf("service never came up: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pollWait bounds each wait for the page. The first answer loads the word
// segmenter's dictionary, which takes a while under -race on a busy machine.
const pollWait = 2 * time.Minute

// The README's first example, and the same question streamed.
const (
	readmeAsk   = `mutation { ask(input: {question: "M2 Pro 咖啡机多少钱？保修几年？", conversationId: "demo-1"}) { text status citations { marker id quote } } }`
	streamedAsk = `subscription { askStream(input: {question: "M2 Pro 咖啡机多少钱？保修几年？"}) { delta answer { text status citations { marker id } } } }`
)

// TestPlaygroundInChromium opens the playground of kgrag serve --demo in
// headless Chromium, with no route to anywhere but the server (as on a
// machine without internet access), and runs the README's example query
// and the same question streamed (askStream over Server-Sent Events) from
// the page: without API keys (the dev default), and with keys, the key
// typed into the page's key field.
func TestPlaygroundInChromium(t *testing.T) {
	browser := chromiumPath(t)
	const secret = "playground-test-key-0123456789"
	cases := []struct {
		name string
		env  map[string]string
		key  string
		who  string // the page's status line
	}{
		{"without keys", nil, "", "as dev (ADMIN) in default"},
		{"with keys", map[string]string{"KGRAG_API_KEYS": "webchat:chat:default:" + secret}, secret, "as webchat (CHAT) in default"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := serveDemo(t, tc.env)
			p := openPage(t, browser)

			p.do("open the playground", chromedp.Navigate(base+"/"))
			if tc.key != "" {
				// Before the key, the page says why it cannot work.
				p.do("status without a key", waitText("#kgrag-status", "UNAUTHENTICATED"))
				p.do("enter the key",
					chromedp.SendKeys(chromedp.CSS("#kgrag-key"), tc.key),
					chromedp.Click(chromedp.CSS(`#kgrag-auth button[type="submit"]`)))
			}
			p.do("status line", waitText("#kgrag-status", tc.who))

			// The example tabs are open, and the schema loaded: the
			// documentation explorer lists the root types.
			p.do("editor", chromedp.WaitVisible(chromedp.CSS(".graphiql-query-editor .CodeMirror")))
			tabs, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.graphiql-tab-button')).map(e => e.textContent.trim())`))
			want := []string{"Ask", "Entity", "PendingCorrections", "Traces", "AskStream"}
			if err != nil || strings.Join(tabs, ",") != strings.Join(want, ",") {
				t.Errorf("tabs = %q (%v), want %q", tabs, err, want)
			}
			p.do("documentation explorer",
				chromedp.Click(chromedp.CSS(".graphiql-sidebar button")),
				chromedp.WaitVisible(chromedp.CSS(".graphiql-doc-explorer-root-type")))

			var ask struct {
				Data struct {
					Ask struct {
						Text      string `json:"text"`
						Status    string `json:"status"`
						Citations []struct {
							Marker, ID, Quote string
						} `json:"citations"`
					} `json:"ask"`
				} `json:"data"`
			}
			p.query("mutation", readmeAsk, &ask)
			a := ask.Data.Ask
			if a.Status != "ANSWERED" || !strings.Contains(a.Text, "4599") || len(a.Citations) == 0 {
				t.Errorf("the README's question on the page = %+v, want ANSWERED with 4599 and citations", a)
			}

			var stream struct {
				Data struct {
					AskStream struct {
						Answer *struct {
							Text      string `json:"text"`
							Status    string `json:"status"`
							Citations []struct{ Marker, ID string }
						} `json:"answer"`
					} `json:"askStream"`
				} `json:"data"`
			}
			p.query("subscription", streamedAsk, &stream)
			if s := stream.Data.AskStream.Answer; s == nil || s.Status != "ANSWERED" || s.Text != a.Text || len(s.Citations) == 0 {
				t.Errorf("streamed answer on the page = %+v, want %q ANSWERED with citations", s, a.Text)
			}
			p.check()
		})
	}
}

// page is a Chromium tab and what it did: the requests it sent elsewhere
// than the server, and its console's errors.
type page struct {
	t       *testing.T
	ctx     context.Context
	mu      sync.Mutex
	seen    int      // requests sent
	foreign []string // requests to other origins
	console []string // exceptions and errors (CSP violations among them)
}

// openPage starts headless Chromium that can reach only loopback
// addresses, and returns its tab.
func openPage(t *testing.T, path string) *page {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // the tests may run as root, as CI does
		chromedp.Flag("disable-dev-shm-usage", true),
		// No DNS: a CDN URL (what the page loaded before) fails at once.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	ctx, cancel := context.WithTimeout(bctx, 5*time.Minute)
	t.Cleanup(cancel)
	p := &page{t: t, ctx: ctx}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			u := e.Request.URL
			p.mu.Lock()
			p.seen++
			p.mu.Unlock()
			if !strings.HasPrefix(u, "http://127.0.0.1:") && !strings.HasPrefix(u, "data:") {
				p.mu.Lock()
				p.foreign = append(p.foreign, u)
				p.mu.Unlock()
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleError {
				p.mu.Lock()
				p.console = append(p.console, string(m.Type)+": "+m.Text)
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// do runs the steps, and on failure stops the test with the page's text
// and console.
func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		text, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 2000) : ""`))
		p.mu.Lock()
		defer p.mu.Unlock()
		p.t.Fatalf("%s: %v\npage: %s\nconsole: %q", what, err, text, p.console)
	}
}

// check fails the test if the page asked another origin for anything, or
// its console shows an exception or a Content-Security-Policy violation.
func (p *page) check() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen < 6 { // the page, its 5 files, tabs.json, the schema, the questions
		p.t.Errorf("saw %d requests of the page: the network listener is deaf", p.seen)
	}
	if len(p.foreign) > 0 {
		p.t.Errorf("the page requested other origins: %q", p.foreign)
	}
	for _, m := range p.console {
		if strings.HasPrefix(m, string(chromedp.ConsoleException)) || strings.Contains(m, "Content Security Policy") {
			p.t.Errorf("console: %s", m)
		}
	}
}

// waitText waits until the element's text contains s.
func waitText(sel, s string) chromedp.Action[chromedp.Void] {
	js := `(() => { const e = document.querySelector(` + jsString(sel) + `); return !!e && e.textContent.includes(` + jsString(s) + `); })()`
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(pollWait))(ctx, t)
		return err
	})
}

// query puts the query (one anonymous operation of the kind op) into the
// current tab's editor, presses Run once GraphiQL has parsed it (it does so
// 100 ms after an edit), waits until the response editor holds a final
// result (one with a "status", or errors), and decodes it into v.
func (p *page) query(op, query string, v any) {
	p.t.Helper()
	cm := `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror`
	p.do("run "+query,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[chromedp.Void](`document.querySelector('.result-window .CodeMirror').CodeMirror.setValue(''); `+
				cm+`.setValue(`+jsString(query)+`)`)(ctx, t)
			return err
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`(() => { const e = `+cm+`; return e.operationName == null && !!e.documentAST &&
				e.documentAST.definitions.length === 1 && e.documentAST.definitions[0].operation === `+jsString(op)+`; })()`,
				chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(pollWait))(ctx, t)
			return err
		}),
		chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	raw, err := chromedp.Run(p.ctx, chromedp.Poll[string](`(() => {
		const v = document.querySelector('.result-window .CodeMirror').CodeMirror.getValue();
		return v.includes('"status": "') || v.includes('"errors"') ? v : false; })()`,
		chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(pollWait)))
	if err != nil {
		shown, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()`))
		p.mu.Lock()
		defer p.mu.Unlock()
		p.t.Fatalf("result of %s on the page: %v\nshown: %s\nconsole: %q", query, err, shown, p.console)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil || strings.Contains(raw, `"errors"`) {
		p.t.Fatalf("result of %s on the page = %s (%v)", query, raw, err)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
