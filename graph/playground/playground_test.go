package playground

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestPageServesEverythingItNeeds: every script, stylesheet and request the
// page names is served by the handler itself, with its type; nothing comes
// from another origin.
func TestPageServesEverythingItNeeds(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	get := func(path string, h http.Header) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for k, v := range h {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	page, err := files.ReadFile("index.html")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := files.ReadFile("kgrag.js")
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	refs = append(refs, regexp.MustCompile(`fetch\('([^']+)'\)`).FindAllStringSubmatch(string(js), -1)...)
	if len(refs) < 7 {
		t.Fatalf("found %d references in the page, want its scripts, stylesheets and tabs", len(refs))
	}
	want := map[string]string{".js": "text/javascript", ".css": "text/css", ".json": "application/json"}
	for _, m := range refs {
		ref := m[1]
		if ref == "data:," {
			continue
		}
		if !strings.HasPrefix(ref, Prefix) {
			t.Errorf("the page refers to %q, outside %s", ref, Prefix)
			continue
		}
		resp := get(ref, nil)
		ct := resp.Header.Get("Content-Type")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, want[ref[strings.LastIndex(ref, "."):]]) {
			t.Errorf("GET %s = %d %q", ref, resp.StatusCode, ct)
		}
	}

	resp := get("/", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("GET / = %d %q, CSP %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Security-Policy"))
	}
	// A browser revalidates by the content hash and gets 304.
	js1 := get(Prefix+"assets/graphiql.min.js", nil)
	if etag := js1.Header.Get("ETag"); etag == "" {
		t.Errorf("no ETag on GraphiQL")
	} else if r := get(Prefix+"assets/graphiql.min.js", http.Header{"If-None-Match": {etag}}); r.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match = %d, want 304", r.StatusCode)
	}
	for _, p := range []string{Prefix + "nope.js", Prefix + "assets/", Prefix + "../index.html"} {
		if r := get(p, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, r.StatusCode)
		}
	}
}

func TestTabs(t *testing.T) {
	tabs, err := Tabs()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range tabs {
		names = append(names, tb.Name)
	}
	if got := strings.Join(names, " "); got != "1-ask.graphql 2-entity.graphql 3-corrections.graphql 4-trace.graphql 5-stream.graphql" {
		t.Errorf("tabs = %s", got)
	}
}
