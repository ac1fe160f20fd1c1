package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"kgrag/graph"
)

// send sends a request and decodes the GraphQL answer; the answer must be
// JSON, and each of its errors must carry a code.
func send(t *testing.T, req *http.Request) gqlResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: answer %q is not JSON: %v", req.Method, req.URL, raw, err)
	}
	for _, e := range out.Errors {
		if c, _ := e.Extensions["code"].(string); c == "" {
			t.Errorf("%s %s: error %q has no code", req.Method, req.URL, e.Message)
		}
	}
	out.status = resp.StatusCode
	return out
}

func newRequest(t *testing.T, method, u, contentType string, body io.Reader, headers ...string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req
}

// multipartBody is a GraphQL multipart request: operations, map, files.
func multipartBody(t *testing.T, ops string, fileMap string, files map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("operations", ops)
	mw.WriteField("map", fileMap)
	for name, content := range files {
		fw, _ := mw.CreateFormFile(name, name+".txt")
		io.WriteString(fw, content)
	}
	mw.Close()
	return &body, mw.FormDataContentType()
}

func devServer(t *testing.T) *httptest.Server {
	t.Helper()
	svc := newService(t, memStore(t))
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard), AuthOff: true}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDevModeRefusesOtherPages: without keys (every caller an admin), a
// request for a foreign host name (DNS rebinding), from a foreign origin,
// or a multipart form a page could post without a CORS preflight is
// refused, and nothing is written.
func TestDevModeRefusesOtherPages(t *testing.T) {
	srv := devServer(t)
	mutation := `{"query":"mutation { upsertEntity(input: {id: \"P1\", type: \"Product\", name: \"x\"}) { id } }"}`
	json := "application/json"

	req := newRequest(t, http.MethodPost, srv.URL+"/graphql", json, strings.NewReader(mutation))
	req.Host = "attacker.example:80"
	if r := send(t, req); r.status != http.StatusForbidden || r.code() != graph.CodeForbidden {
		t.Errorf("foreign Host: %d %+v, want 403 FORBIDDEN", r.status, r.Errors)
	}
	req = newRequest(t, http.MethodPost, srv.URL+"/graphql", json, strings.NewReader(mutation), "Origin", "https://attacker.example")
	if r := send(t, req); r.status != http.StatusForbidden || r.code() != graph.CodeForbidden {
		t.Errorf("foreign Origin: %d %+v, want 403 FORBIDDEN", r.status, r.Errors)
	}
	req = newRequest(t, http.MethodPost, srv.URL+"/graphql", json, strings.NewReader(mutation), "Origin", "null")
	if r := send(t, req); r.status != http.StatusForbidden {
		t.Errorf("Origin null: %d %+v, want 403", r.status, r.Errors)
	}
	// A cross-origin form post: multipart, no header that needs a preflight.
	body, ct := multipartBody(t, mutation, `{}`, nil)
	req = newRequest(t, http.MethodPost, srv.URL+"/graphql", ct, body)
	if r := send(t, req); r.status != http.StatusBadRequest || r.code() != graph.CodeBadUserInput {
		t.Errorf("multipart without a preflight header: %d %+v, want 400 BAD_USER_INPUT", r.status, r.Errors)
	}
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded"} {
		req = newRequest(t, http.MethodPost, srv.URL+"/graphql", ct, strings.NewReader(mutation))
		if r := send(t, req); r.status != http.StatusUnsupportedMediaType || r.code() != graph.CodeBadUserInput {
			t.Errorf("%s: %d %+v, want 415 BAD_USER_INPUT", ct, r.status, r.Errors)
		}
	}
	check := newRequest(t, http.MethodPost, srv.URL+"/graphql", json, strings.NewReader(`{"query":"{ entity(id: \"P1\") { id } }"}`))
	if r := send(t, check); r.code() != graph.CodeNotFound {
		t.Fatalf("P1 after refused requests: %+v, want NOT_FOUND", r.Errors)
	}
	// The playground's own requests (same loopback origin) and tools
	// (no Origin) work; so does a multipart request with a preflight header.
	u, _ := url.Parse(srv.URL)
	req = newRequest(t, http.MethodPost, srv.URL+"/graphql", json, strings.NewReader(mutation), "Origin", "http://localhost:"+u.Port())
	if r := send(t, req); len(r.Errors) > 0 {
		t.Errorf("loopback origin: %+v", r.Errors)
	}
	body, ct = multipartBody(t, `{"query":"{ me { role } }"}`, `{}`, nil)
	req = newRequest(t, http.MethodPost, srv.URL+"/graphql", ct, body, "Apollo-Require-Preflight", "true")
	if r := send(t, req); len(r.Errors) > 0 {
		t.Errorf("multipart with a preflight header: %+v", r.Errors)
	}
}

// TestMultipartBodyLimit: a multipart request is held to the body limit
// unless it carries files, and its operations part always is.
func TestMultipartBodyLimit(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{MaxBodyBytes: 2048, MaxUploadBytes: 64 << 10})
	auth := []string{"Authorization", "Bearer " + keyTrainer}
	big := `{"query":"{ me { role } }","variables":{"pad":"` + strings.Repeat("x", 8000) + `"}}`
	body, ct := multipartBody(t, big, `{}`, nil)
	if r := send(t, newRequest(t, http.MethodPost, e.srv.URL+"/graphql", ct, body, auth...)); r.status != http.StatusRequestEntityTooLarge || r.code() != graph.CodeBadUserInput {
		t.Errorf("big operations part: %d %+v, want 413", r.status, r.Errors)
	}
	// Small operations, no files, but a padding part past the limit.
	var pad bytes.Buffer
	mw := multipart.NewWriter(&pad)
	mw.WriteField("operations", `{"query":"{ me { role } }"}`)
	mw.WriteField("map", `{}`)
	mw.WriteField("junk", strings.Repeat("y", 8000))
	mw.Close()
	if r := send(t, newRequest(t, http.MethodPost, e.srv.URL+"/graphql", mw.FormDataContentType(), &pad, auth...)); r.status/100 != 4 || r.Data != nil {
		t.Errorf("padded request without files: %d %+v, want refused", r.status, r.Errors)
	}
	// A file past the body limit but within the upload limit is fine.
	ops := `{"query":"mutation($f: [Upload!]!) { ingestUpload(files: $f) { status } }","variables":{"f":[null]}}`
	body, ct = multipartBody(t, ops, `{"0":["variables.f.0"]}`, map[string]string{"0": "# Notes\n\n" + strings.Repeat("说明。", 2000)})
	if r := send(t, newRequest(t, http.MethodPost, e.srv.URL+"/graphql", ct, body, auth...)); len(r.Errors) > 0 {
		t.Errorf("upload within the upload limit: %d %+v", r.status, r.Errors)
	}
	// Malformed multipart: each answer carries a code (send checks).
	for name, b := range map[string]string{
		"garbage":              "--b\r\nnot a part",
		"operations not first": "--b\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--b--\r\n",
		"map path to nowhere":  "--b\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{\"query\":\"{ me { role } }\"}\r\n--b\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{\"0\":[\"variables.x.7\"]}\r\n--b\r\nContent-Disposition: form-data; name=\"0\"; filename=\"a\"\r\n\r\nhi\r\n--b--\r\n",
	} {
		r := send(t, newRequest(t, http.MethodPost, e.srv.URL+"/graphql", "multipart/form-data; boundary=b", strings.NewReader(b), auth...))
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %+v, want 400", name, r.status, r.Errors)
		}
	}
}

// TestCommittedMutationShows: of two mutations in one request, the first
// commits and the second fails; the answer shows the first's data.
func TestCommittedMutationShows(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{})
	r := e.do(keyTrainer, "", `mutation {
		a: upsertEntity(input: {id: "P1", type: "Product", name: "one"}) { id version }
		b: upsertEntity(input: {id: "a b", type: "Product", name: "two"}) { id version }
	}`, nil)
	if len(r.Errors) != 1 || r.code() != graph.CodeBadUserInput {
		t.Fatalf("errors = %+v, want the second's BAD_USER_INPUT", r.Errors)
	}
	if string(r.Data["b"]) != "null" || !strings.Contains(string(r.Data["a"]), `"P1"`) {
		t.Errorf("data = a: %s, b: %s; want a's entity and b null", r.Data["a"], r.Data["b"])
	}
	// A single failing mutation keeps the usual shape.
	r = e.do(keyTrainer, "", `mutation { upsertEntity(input: {id: "a b", type: "Product", name: "x"}) { id } }`, nil)
	if r.code() != graph.CodeBadUserInput || r.Data != nil {
		t.Errorf("one failed mutation: data %v errors %+v", r.Data, r.Errors)
	}
}

// TestErrorsCarryCodes: requests refused before GraphQL runs answer JSON
// with a code, and an over-limit body is a 413 however it is sent.
func TestErrorsCarryCodes(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{MaxBodyBytes: 2048})
	auth := []string{"Authorization", "Bearer " + keyTrainer}
	gql := e.srv.URL + "/graphql"
	mutation := url.QueryEscape(`mutation { upsertEntity(input: {id: "P1", type: "Product", name: "x"}) { id } }`)

	r := send(t, newRequest(t, http.MethodGet, gql+"?query="+mutation, "", nil, auth...))
	if r.status != http.StatusMethodNotAllowed || r.code() != graph.CodeBadUserInput {
		t.Errorf("GET mutation: %d %+v, want 405 BAD_USER_INPUT", r.status, r.Errors)
	}
	r = send(t, newRequest(t, http.MethodGet, gql+"?query="+url.QueryEscape("{ me { role } }")+"&variables=nope", "", nil, auth...))
	if r.status != http.StatusBadRequest {
		t.Errorf("GET with bad variables: %d %+v", r.status, r.Errors)
	}
	if r := send(t, newRequest(t, http.MethodGet, gql+"?query="+url.QueryEscape("{ me { role } }"), "", nil, auth...)); len(r.Errors) > 0 {
		t.Errorf("GET query: %+v", r.Errors)
	}
	r = send(t, newRequest(t, http.MethodPost, gql, "text/plain", strings.NewReader(`{"query":"{ me { role } }"}`), auth...))
	if r.status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d %+v, want 415", r.status, r.Errors)
	}
	r = send(t, newRequest(t, http.MethodPut, gql, "application/json", strings.NewReader(`{"query":"{ me { role } }"}`), auth...))
	if r.status != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d %+v, want 405", r.status, r.Errors)
	}
	// Chunked (no Content-Length) and over the limit.
	req := newRequest(t, http.MethodPost, gql, "application/json",
		io.MultiReader(strings.NewReader(`{"query":"{ me { role } }","variables":{"pad":"`), strings.NewReader(strings.Repeat("x", 4096)), strings.NewReader(`"}}`)), auth...)
	req.ContentLength = -1
	if r := send(t, req); r.status != http.StatusRequestEntityTooLarge || r.code() != graph.CodeBadUserInput {
		t.Errorf("chunked over-limit body: %d %+v, want 413", r.status, r.Errors)
	}
	// The bearer scheme is case-insensitive.
	for _, scheme := range []string{"bearer", "BEARER", "Bearer"} {
		req := newRequest(t, http.MethodPost, gql, "application/json", strings.NewReader(`{"query":"{ me { role } }"}`), "Authorization", scheme+" "+keyTrainer)
		if r := send(t, req); r.status != http.StatusOK || len(r.Errors) > 0 {
			t.Errorf("Authorization: %s …: %d %+v", scheme, r.status, r.Errors)
		}
	}
}

// TestTimeoutCoversReading: a request whose body never finishes gets the
// timeout's answer (503 UNAVAILABLE) at the request timeout, not the
// server's read timeout.
func TestTimeoutCoversReading(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{RequestTimeout: 200 * time.Millisecond})
	pr, pw := io.Pipe()
	defer pw.Close()
	go pw.Write([]byte(`{"query":"{ me { role `)) // and never the rest
	req := newRequest(t, http.MethodPost, e.srv.URL+"/graphql", "application/json", pr, "Authorization", "Bearer "+keyTrainer)
	req.ContentLength = -1
	r := send(t, req)
	if r.status != http.StatusServiceUnavailable || r.code() != graph.CodeUnavailable {
		t.Errorf("stalled body: %d %+v, want 503 UNAVAILABLE", r.status, r.Errors)
	}
}
