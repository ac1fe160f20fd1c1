package graph_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"kgrag/graph"
	"kgrag/graph/auth"
	"kgrag/kg/memkg"
	"kgrag/service"
)

// fuzzHandlers are a keyed and a dev-mode (no keys) handler over one
// embedded service, built once per fuzz target.
func fuzzHandlers(f *testing.F) []http.Handler {
	keys, err := auth.ParseKeys("bot:chat:default:" + keyChat + ",tina:trainer:default:" + keyTrainer)
	if err != nil {
		f.Fatal(err)
	}
	store, err := memkg.Open(f.TempDir(), memkg.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	svc, err := service.New(context.Background(), service.Config{DataDir: f.TempDir(), Store: store, NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(svc.Close)
	// Without the answering engine and the ingester (ask and the ingest
	// API answer UNAVAILABLE): their first run loads a word segmenter's
	// dictionary for longer than the fuzzer waits for one input, and they
	// have fuzz targets of their own. Everything in front of them runs.
	r := svc.Resolver()
	r.Answering, r.Ingest, r.Jobs = nil, nil, nil
	lim := graph.Limits{MaxBodyBytes: 64 << 10, MaxUploadBytes: 256 << 10}
	return []http.Handler{
		graph.NewHandler(graph.HandlerConfig{Resolver: r, Logger: zerolog.New(io.Discard), Keys: keys, Limits: lim}),
		graph.NewHandler(graph.HandlerConfig{Resolver: r, Logger: zerolog.New(io.Discard), AuthOff: true, Limits: lim}),
	}
}

// checkAnswer fails unless a /graphql answer is JSON whose every error
// carries a code. Streams and preflight answers are not JSON documents.
func checkAnswer(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	if req.URL.Path != "/graphql" || req.Method == http.MethodOptions || req.Method == http.MethodHead ||
		req.Header.Get("Upgrade") != "" || strings.HasPrefix(rec.Header().Get("Content-Type"), "text/event-stream") {
		return
	}
	var out struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: %d answer %q is not JSON: %v", req.Method, req.URL, rec.Code, rec.Body.Bytes(), err)
	}
	for _, e := range out.Errors {
		if c, _ := e.Extensions["code"].(string); c == "" {
			t.Fatalf("%s %s: %d error %q has no code", req.Method, req.URL, rec.Code, e.Message)
		}
	}
}

// FuzzHandler feeds whole HTTP requests to the handler: it never panics,
// and answers /graphql with JSON whose every error carries a code.
func FuzzHandler(f *testing.F) {
	req := func(method, target, contentType, authz, body string) string {
		var b strings.Builder
		b.WriteString(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
		if contentType != "" {
			b.WriteString("Content-Type: " + contentType + "\r\n")
		}
		if authz != "" {
			b.WriteString("Authorization: " + authz + "\r\n")
		}
		if body != "" {
			b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
		}
		return b.String() + "\r\n" + body
	}
	json := "application/json"
	bearer := "Bearer " + keyTrainer
	for _, s := range []string{
		req("POST", "/graphql", json, bearer, `{"query":"{ me { role kb } }"}`),
		req("POST", "/graphql", json, "bearer "+keyChat, `{"query":"mutation { ask(input: {question: \"多少钱\"}) { id status } }"}`),
		req("POST", "/graphql", json, "bearer "+keyChat, `{"query":"mutation { `+strings.Repeat(`a: ask(input: {question: \"多少钱\"}) { id } `, 11)+`}"}`),
		req("POST", "/graphql", json, bearer, `{"query":"mutation($in: EntityInput!) { upsertEntity(input: $in) { id version } }","variables":{"in":{"id":"P1","type":"Product","name":"x"}}}`),
		req("POST", "/graphql", json, bearer, `{"query":"mutation { a: upsertEntity(input: {id: \"P2\", type: \"Product\", name: \"y\"}) { id } b: retireEntity(id: \"P404\") { id } }"}`),
		req("POST", "/graphql", json, bearer, `{"query":"query { ...F0 } fragment F0 on Query { ...F1 ...F1 } fragment F1 on Query { ...F2 ...F2 } fragment F2 on Query { me { role } }"}`),
		req("POST", "/graphql", json, bearer, `{"query":"{ a: __schema { types { name } } b: __schema { types { name } } }"}`),
		req("POST", "/graphql", json, bearer, `{"query":"{ answers(first: 200) { nodes { id text } } }"}`),
		req("POST", "/graphql", json, bearer, `{"query":"{ entity(id: "}`),
		req("POST", "/graphql", json, bearer, `not json`),
		req("POST", "/graphql", "text/plain", "", `{"query":"{ me { role } }"}`),
		req("GET", "/graphql?query=%7B%20me%20%7B%20role%20%7D%20%7D", "", bearer, ""),
		req("GET", "/graphql?query=mutation%20%7B%20retireEntity(id%3A%20%22P1%22)%20%7B%20id%20%7D%20%7D", "", bearer, ""),
		req("GET", "/graphql?query=%7B%20me%20%7B%20role%20%7D%20%7D&variables=%5B", "", "", ""),
		req("PUT", "/graphql", json, bearer, `{}`),
		req("POST", "/graphql", "multipart/form-data; boundary=b", bearer, "--b\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{\"query\":\"{ me { role } }\"}\r\n--b\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--b--\r\n"),
		req("POST", "/graphql", "multipart/form-data; boundary=b", "", "--b\r\nnot a part"),
		"POST /graphql HTTP/1.1\r\nHost: attacker.example\r\nOrigin: http://attacker.example\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{\"query\":\"{ me { role } }\"}",
		"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1b\r\n{\"query\":\"{ me { role } }\"}\r\n0\r\n\r\n",
		req("GET", "/healthz", "", "", ""),
	} {
		f.Add([]byte(s))
	}
	hs := fuzzHandlers(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, h := range hs {
			req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
			if err != nil {
				return
			}
			req.RemoteAddr = "127.0.0.1:40000"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			checkAnswer(t, req, rec)
		}
	})
}

// FuzzUpload feeds multipart bodies (GraphQL file uploads) to the handler
// with a trainer's key: it never panics, and answers JSON whose every
// error carries a code.
func FuzzUpload(f *testing.F) {
	body := func(ops, fileMap string, files ...string) []byte {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.SetBoundary("kgrag-fuzz-boundary")
		mw.WriteField("operations", ops)
		mw.WriteField("map", fileMap)
		for i, content := range files {
			fw, _ := mw.CreateFormFile(strconv.Itoa(i), "f"+strconv.Itoa(i)+".md")
			io.WriteString(fw, content)
		}
		mw.Close()
		return b.Bytes()
	}
	upload := `{"query":"mutation($f: [Upload!]!) { ingestUpload(files: $f) { status } }","variables":{"f":[null]}}`
	f.Add(body(upload, `{"0":["variables.f.0"]}`, "# 说明\n\n先研磨，再萃取。\n"))
	f.Add(body(upload, `{"0":["variables.f.0","variables.f.0"]}`, "a"))
	f.Add(body(upload, `{"0":["variables.f.7"]}`, "a"))
	f.Add(body(upload, `{"0":["variables"]}`, "a"))
	f.Add(body(upload, `{"0":["f.0"]}`, "a"))
	f.Add(body(upload, `{}`, "a"))
	f.Add(body(upload, `{"0":["variables.f.0"],"1":["variables.f.0"]}`, "a"))
	f.Add(body(`{"query":"{ me { role } }"}`, `{}`))
	f.Add(body(`{"query":"{ me { role } }"}`, `[]`))
	f.Add(body(`nope`, `{}`))
	f.Add([]byte("--kgrag-fuzz-boundary\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--kgrag-fuzz-boundary--\r\n"))
	hs := fuzzHandlers(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=kgrag-fuzz-boundary")
		req.Header.Set("Authorization", "Bearer "+keyTrainer)
		rec := httptest.NewRecorder()
		hs[0].ServeHTTP(rec, req)
		checkAnswer(t, req, rec)
	})
}
